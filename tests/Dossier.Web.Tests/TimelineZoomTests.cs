using Dossier.Testing;
using Microsoft.Playwright;

namespace Dossier.Web.Tests;

/// <summary>The timeline zooms and pans in the browser (timeline.js): wheel, keys and buttons narrow the range and hide what falls outside.</summary>
public abstract class TimelineZoomTests(DemoWorkspaceFixture demo)
{
    // Every bar outside the view is hidden and every bar inside it shown; returns the number hidden, or -1 on a mismatch.
    private const string HiddenOutside = """
        () => {
          const svg = document.querySelector('svg.timeline');
          const from = +svg.dataset.viewFrom, to = +svg.dataset.viewTo;
          let hidden = 0;
          for (const a of svg.querySelectorAll('a.item')) {
            const inView = +a.dataset.to > from && +a.dataset.from < to;
            const shown = getComputedStyle(a).display !== 'none';
            if (inView !== shown) return -1;
            if (!shown) hidden++;
          }
          return hidden;
        }
        """;

    [ChromiumFact]
    public async Task Wheel_and_keys_zoom_the_timeline_in_and_hide_the_events_outside_the_range()
    {
        await using var session = await BrowserSession.StartAsync(demo);
        var page = session.Page;
        await page.GotoAsync(session.Address + "/timeline");
        await page.Locator(".zoom-buttons button").First.WaitForAsync();
        var (fullFrom, fullTo) = await ViewAsync(page);
        (await page.EvaluateAsync<int>(HiddenOutside)).ShouldBe(0);
        (await page.Locator("nav.chart-controls").IsVisibleAsync()).ShouldBeFalse("the buttons replace the page-reloading links");
        var total = await page.Locator("svg.timeline a.item").CountAsync();
        total.ShouldBeGreaterThan(3);

        // Wheel over the first bar: the range narrows around it.
        var bar = await page.Locator("svg.timeline a.item rect").First.BoundingBoxAsync();
        await page.Mouse.MoveAsync(bar!.X + (bar.Width / 2), bar.Y + (bar.Height / 2));
        for (var i = 0; i < 8; i++)
        {
            await page.Mouse.WheelAsync(0, -200);
        }

        await page.WaitForFunctionAsync($"() => +document.querySelector('svg.timeline').dataset.viewTo - +document.querySelector('svg.timeline').dataset.viewFrom < {(fullTo - fullFrom) / 4}");
        var (wheelFrom, wheelTo) = await ViewAsync(page);
        await session.ScreenshotAsync("wb-20-timeline-wheel-zoom.png", fullPage: false);
        (wheelTo - wheelFrom).ShouldBeLessThan((fullTo - fullFrom) / 4);
        var hiddenAfterWheel = await page.EvaluateAsync<int>(HiddenOutside);
        hiddenAfterWheel.ShouldBeGreaterThan(0);
        hiddenAfterWheel.ShouldBeLessThan(total);

        // Keys on the focused chart: + halves the span, → moves later; the focus ring shows where the keys go.
        var chart = page.Locator("[data-zoom=timeline]");
        await chart.FocusAsync();
        await page.Keyboard.PressAsync("+");
        var (keyFrom, keyTo) = await ViewAsync(page);
        (keyTo - keyFrom).ShouldBeLessThanOrEqualTo(((wheelTo - wheelFrom) / 2) + 1);
        await page.Keyboard.PressAsync("ArrowRight");
        (await ViewAsync(page)).From.ShouldBeGreaterThan(keyFrom);
        (await chart.EvaluateAsync<string>("e => getComputedStyle(e).outlineStyle")).ShouldNotBe("none");
        (await page.EvaluateAsync<int>(HiddenOutside)).ShouldBeGreaterThanOrEqualTo(0);
        await session.ScreenshotAsync("wb-21-timeline-keyboard-zoom.png", fullPage: false);

        // The "everything" button brings every bar back; the status line names the range in words a reader can hear.
        await page.ClickAsync(".zoom-buttons button:last-child");
        (await ViewAsync(page)).ShouldBe((fullFrom, fullTo));
        (await page.EvaluateAsync<int>(HiddenOutside)).ShouldBe(0);
        (await page.Locator("#timeline-range").InnerTextAsync()).ShouldContain("–");
        session.ShouldHaveStayedOnThisMachine();
    }

    [ChromiumFact]
    public async Task In_Persian_time_runs_right_to_left_and_the_arrow_keys_follow_what_the_reader_sees()
    {
        await using var session = await BrowserSession.StartAsync(demo);
        var page = session.Page;
        await page.GotoAsync(session.Address + "/timeline?lang=fa");
        await page.WaitForSelectorAsync("html[lang=fa][dir=rtl]");
        await page.Locator(".zoom-buttons button").First.WaitForAsync();
        (await page.Locator("svg.timeline").GetAttributeAsync("data-direction")).ShouldBe("rtl");

        // The earliest bar is drawn to the right of the latest, after the script has redrawn them and before.
        var ends = await page.EvaluateAsync<double[]>("""
            () => {
              const items = [...document.querySelectorAll('svg.timeline a.item')].sort((a, b) => +a.dataset.from - +b.dataset.from);
              const mid = a => { const r = a.querySelector('rect').getBoundingClientRect(); return r.left + r.width / 2; };
              return [mid(items[0]), mid(items[items.length - 1]), +items[0].dataset.from, +items[items.length - 1].dataset.from];
            }
            """);
        ends[2].ShouldBeLessThan(ends[3], "the demo has bars on different days");
        ends[0].ShouldBeGreaterThan(ends[1]);

        // Tick labels in Persian digits, each left of its tick (its later side), years read right to left.
        var labels = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('svg.timeline text.tick-label')].map(t => t.textContent)");
        labels.Length.ShouldBeGreaterThan(2);
        labels.ShouldAllBe(l => l.Any(c => c >= '۰' && c <= '۹') && !l.Any(char.IsAsciiDigit));
        var tickXs = await page.EvaluateAsync<double[]>("() => [...document.querySelectorAll('svg.timeline line.tick')].map(l => l.getBoundingClientRect().left)");
        tickXs.ShouldBe(tickXs.OrderByDescending(x => x).ToArray(), "later ticks stand further left");

        // ← moves later, as the bars on the left are later; → moves back.
        var (fromBefore, _) = await ViewAsync(page);
        var chart = page.Locator("[data-zoom=timeline]");
        await chart.FocusAsync();
        await page.Keyboard.PressAsync("+");
        var (zoomedFrom, _) = await ViewAsync(page);
        await page.Keyboard.PressAsync("ArrowLeft");
        (await ViewAsync(page)).From.ShouldBeGreaterThan(zoomedFrom);
        await page.Keyboard.PressAsync("ArrowRight");
        (await ViewAsync(page)).From.ShouldBe(zoomedFrom);
        fromBefore.ShouldBeLessThanOrEqualTo(zoomedFrom);
        await session.StepAsync(page, "wb-22-timeline-persian");
        session.ShouldHaveStayedOnThisMachine();
    }

    private static async Task<(int From, int To)> ViewAsync(IPage page)
    {
        var view = await page.EvaluateAsync<int[]>("() => { const s = document.querySelector('svg.timeline').dataset; return [+s.viewFrom, +s.viewTo]; }");
        return (view[0], view[1]);
    }
}
