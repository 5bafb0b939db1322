using System.Globalization;
using System.Net;
using Dossier.Application.Access;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;
using Dossier.Web.Forms;
using Dossier.Web.Localization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Dossier.Web.Tests;

/// <summary>The record forms speak the reader's language: every label, choice and validation message has a Persian text.</summary>
public abstract class FormLanguageTests(DemoWorkspaceFixture demo) : DemoAppTests(demo)
{
    [Fact]
    public void Every_label_choice_and_validation_message_of_the_record_forms_has_a_Persian_text()
    {
        var texts = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var kind in RecordKinds.All)
        {
            foreach (var field in RecordForm.Fields(kind))
            {
                texts.Add("field." + field.Name);
                texts.UnionWith(field.Columns.Select(column => "field." + column));
                texts.UnionWith(field.Choices.Select(choice => $"{field.Name}.{choice}"));
            }
        }

        texts.UnionWith(Enum.GetNames<NameKind>().Select(kind => "name-kind." + System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(kind)));
        texts.UnionWith(ValidationMessages.English.Keys.Select(code => "validation." + code));
        texts.UnionWith(RecordKinds.All.Select(kind => "validation.kind." + RecordKinds.Name(kind)));

        var missing = InPersian(localizer => texts.Where(text => localizer[text].ResourceNotFound).ToList());

        missing.ShouldBeEmpty($"no Persian text for: {string.Join(" | ", missing)}");
    }

    [Fact]
    public void Every_validation_template_in_Persian_takes_the_same_arguments_as_the_English_one()
    {
        var broken = InPersian(localizer => ValidationMessages.English
            .Where(pair => Placeholders(localizer["validation." + pair.Key].Value) != Placeholders(pair.Value))
            .Select(pair => pair.Key)
            .ToList());

        broken.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_rejected_form_names_its_problems_in_Persian_for_a_Persian_reader()
    {
        var client = await Demo.ClientAsync(App, Role.Investigator);

        var id = "place-" + Guid.NewGuid().ToString("N")[..6];

        var noReason = await FormTests.PostAsync(client, "/records/new/place?lang=fa", new() { ["id"] = id, ["reason"] = string.Empty });
        var invalid = await FormTests.PostAsync(client, "/records/new/place?lang=fa", new() { ["id"] = id, ["latitude"] = "95", ["longitude"] = "50", ["reason"] = "test" });

        noReason.StatusCode.ShouldBe(HttpStatusCode.OK);
        invalid.StatusCode.ShouldBe(HttpStatusCode.OK);
        var noReasonHtml = WebUtility.HtmlDecode(await noReason.Content.ReadAsStringAsync());
        var invalidHtml = WebUtility.HtmlDecode(await invalid.Content.ReadAsStringAsync());
        var persian = InPersian(localizer => (
            Reason: localizer["every change needs a reason"].Value,
            Names: localizer["validation.names-required"].Value,
            Latitude: localizer["validation.latitude-range"].Value));
        noReasonHtml.ShouldContain(persian.Reason);
        noReasonHtml.ShouldNotContain("every change needs a reason");
        invalidHtml.ShouldContain(persian.Names);
        invalidHtml.ShouldContain(persian.Latitude);
        invalidHtml.ShouldNotContain(ValidationMessages.English["latitude-range"]);
    }

    private T InPersian<T>(Func<IStringLocalizer, T> read)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo("fa");
        try
        {
            return read(App.Services.GetRequiredService<IStringLocalizer<Strings>>());
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    private static string Placeholders(string template) =>
        string.Join(',', System.Text.RegularExpressions.Regex.Matches(template, @"\{\d\}").Select(m => m.Value).Distinct().Order(StringComparer.Ordinal));
}
