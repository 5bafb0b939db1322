using Dossier.Application.Access;
using Dossier.Domain.Records;
using Dossier.Testing;
using Microsoft.Playwright;

namespace Dossier.Web.Tests;

/// <summary>
/// Issue 18 §5 in headless Chromium: id fields pick records by name in any script (picker.js over the search API, only
/// records of the field's kind), credibility is chosen from the scale, and the grades' legend is where grades are.
/// </summary>
public abstract class FormHelpTests(DemoWorkspaceFixture demo)
{
    [ChromiumFact]
    public async Task A_source_is_picked_by_typing_part_of_its_title_and_only_sources_are_offered()
    {
        await using var session = await BrowserSession.StartAsync(demo, await demo.TokenForAsync(Role.Investigator));
        var page = session.Page;
        await page.GotoAsync(session.Address + "/records/new/claim");

        await page.Locator("#f-sourceId").PressSequentiallyAsync("Stockholm");
        var options = page.Locator("#f-sourceId-choices option");
        await Assertions.Expect(options.First).ToBeAttachedAsync();
        var offered = await options.EvaluateAllAsync<string[]>("os => os.map(o => o.value)");
        offered.ShouldContain("s9-stockholm-judgment");
        var kinds = await demo.Store.KindsOfAsync(offered, CancellationToken.None);
        kinds.Values.ShouldAllBe(k => k == RecordKind.Source);

        // Credibility is one of the scale's six values, with its meaning; the legend is on the form.
        (await page.Locator("#f-credibility option").CountAsync()).ShouldBe(6);
        (await page.Locator("#grade-legend dd").CountAsync()).ShouldBe(12);
        await session.StepAsync(page, "fh-01-claim-form");
        session.ShouldHaveStayedOnThisMachine();
    }

    [ChromiumFact]
    public async Task A_person_is_picked_by_a_name_typed_in_Persian_script_in_the_Persian_interface()
    {
        await using var session = await BrowserSession.StartAsync(demo, await demo.TokenForAsync(Role.Investigator));
        var page = session.Page;
        await page.GotoAsync(session.Address + "/records/new/position?lang=fa");

        await page.Locator("#f-personId").PressSequentiallyAsync("نوری");
        var option = page.Locator("#f-personId-choices option[value='hamid-noury']");
        await Assertions.Expect(option).ToBeAttachedAsync();
        (await option.GetAttributeAsync("label")).ShouldBe("Hamid Noury");
        await session.StepAsync(page, "fh-02-position-form-persian");
        session.ShouldHaveStayedOnThisMachine();
    }

    [ChromiumFact]
    public async Task Proof_for_a_case_element_is_picked_by_name_and_the_case_and_accused_pages_pass_axe_in_both_languages()
    {
        await using var session = await BrowserSession.StartAsync(demo, await demo.TokenForAsync(Role.Legal));
        var page = session.Page;
        await page.GotoAsync(session.Address + "/cases/case-noury");

        // The proof field offers records by a name typed in Persian script, as every other id field does.
        await page.Locator("#proof-target").PressSequentiallyAsync("منتظری");
        var option = page.Locator("#proof-target-choices option[value='hossein-ali-montazeri']");
        await Assertions.Expect(option).ToBeAttachedAsync();
        await session.StepAsync(page, "fh-04-case-add-proof");
        await BrowserSession.SwitchToPersianAsync(page);
        await session.StepAsync(page, "fh-05-case-persian");

        await page.GotoAsync(session.Address + "/records/hamid-noury");
        (await page.Locator("section.accused-in a[href='/cases/case-noury']").CountAsync()).ShouldBe(1);
        await session.StepAsync(page, "fh-06-accused-persian");
        await page.GotoAsync(session.Address + "/records/hamid-noury?lang=en");
        await session.StepAsync(page, "fh-07-accused-english");
        session.ShouldHaveStayedOnThisMachine();
    }

    [ChromiumFact]
    public async Task The_grades_legend_is_on_pages_that_show_grades()
    {
        await using var session = await BrowserSession.StartAsync(demo);
        var page = session.Page;
        foreach (var path in new[] { "/records/massacre-1988", "/records/s9-stockholm-judgment" })
        {
            await page.GotoAsync(session.Address + path);
            (await page.Locator(".grade").CountAsync()).ShouldBeGreaterThan(0, path);
            (await page.Locator("details.grade-legend").CountAsync()).ShouldBeGreaterThan(0, path);
        }
    }
}
