using System.Globalization;
using System.Reflection;
using System.Resources;
using TeamCheckup.Web;
using TeamCheckup.Web.Features.Cases;
using TeamCheckup.Web.Features.Triage;

namespace TeamCheckup.Tests.Infrastructure.Web;

/// <summary>
/// Pages build resource keys from stored codes ("Source." + a signal's source, "CaseStatus." + a status, …). Every code
/// of the app's vocabularies — read by reflection, so a new one is covered — must have its text in Dutch and English;
/// a missing one shows the bare key to a user.
/// </summary>
public class VocabularyTextTests
{
    private static readonly ResourceManager Resources = new("TeamCheckup.Web.Resources.SharedResource", typeof(SharedResource).Assembly);

    /// <summary>Each vocabulary with the key prefix the pages put in front of its codes.</summary>
    private static readonly (Type Vocabulary, string Prefix)[] Vocabularies =
    [
        (typeof(SignalSources), "Source."), (typeof(CaseStatuses), "CaseStatus."), (typeof(Priorities), "Priority."),
        (typeof(Disciplines), "Discipline."), (typeof(OutcomeKinds), "Outcome."), (typeof(MemberRoles), "MemberRole."),
        (typeof(CommunicationDecisions), "Case.Communication.Decision."),
        (typeof(TeamCheckup.Web.Features.Reports.ReportTypes), "Notify.ReportType."), (typeof(TeamCheckup.Web.Features.Reports.ReportTypes), "Rpt.Type."),
    ];

    private static IEnumerable<string> Codes(Type vocabulary) =>
        vocabulary.GetFields(BindingFlags.Public | BindingFlags.Static)
            .SelectMany(f => f.GetValue(null) switch
            {
                string code when f.IsLiteral => [code],
                IEnumerable<string> list => list,
                _ => [],
            })
            .Distinct();

    /// <summary>Lists that share a class with other lists: named one by one.</summary>
    private static readonly (IEnumerable<string> Codes, string Prefix)[] Lists =
        [(IncidentCategories.All, "IncidentCategory."), (IncidentCategories.Severities, "Severity.")];

    public static IEnumerable<TestCaseData> Keys() =>
        from v in Vocabularies.Select(v => (Codes: Codes(v.Vocabulary), v.Prefix)).Concat(Lists)
        from code in v.Codes
        from culture in new[] { "nl-NL", "en-GB" }
        select new TestCaseData(v.Prefix + code, culture).SetName($"{v.Prefix}{code} has a text in {culture}");

    [TestCaseSource(nameof(Keys))]
    public void Every_code_of_a_vocabulary_has_its_text(string key, string culture)
    {
        var text = Resources.GetString(key, CultureInfo.GetCultureInfo(culture));
        Assert.That(text, Is.Not.Null.And.Not.Empty, $"{key} is missing in {culture}");
    }

    /// <summary>The resource files merge by union, which keeps both sides of a changed line: a key twice is a text that
    /// the merge left in its old and its new wording, and which one a reader sees is not defined.</summary>
    [TestCase("SharedResource.resx")]
    [TestCase("SharedResource.en.resx")]
    public void No_text_is_in_a_resource_file_twice(string file)
    {
        var names = System.Xml.Linq.XDocument.Load(Path.Combine(TeamCheckup.Tests.Support.RepositoryPaths.Root, "src", "TeamCheckup.Web", "Resources", file))
            .Root!.Elements("data").Select(d => (string)d.Attribute("name")!);
        Assert.That(names.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key), Is.Empty);
    }

    /// <summary>A count is written in the singular or the plural, never "toetsing(en)" or "response(s)": such a text has a
    /// .One and an .Other form, picked by the count.</summary>
    [TestCase("SharedResource.resx")]
    [TestCase("SharedResource.en.resx")]
    public void No_text_leaves_its_plural_in_brackets(string file)
    {
        var texts = System.Xml.Linq.XDocument.Load(Path.Combine(TeamCheckup.Tests.Support.RepositoryPaths.Root, "src", "TeamCheckup.Web", "Resources", file))
            .Root!.Elements("data").Select(d => ((string)d.Attribute("name")!, (string?)d.Element("value") ?? ""));
        var bracketed = new System.Text.RegularExpressions.Regex(@"\p{L}\((en|s|n|e|es)\)");
        Assert.That(texts.Where(x => bracketed.IsMatch(x.Item2)).Select(x => x.Item1), Is.Empty);
    }

    [Test]
    public void Every_rule_a_case_can_name_has_its_text()
    {
        var names = new[] { "low-satisfaction", "drop", "unacceptable-behaviour", "tension", "incident", "overdue-checkup" };
        foreach (var culture in new[] { "nl-NL", "en-GB" })
            foreach (var name in names)
                Assert.That(Resources.GetString("Rule." + name, CultureInfo.GetCultureInfo(culture)), Is.Not.Null, $"Rule.{name} in {culture}");
    }
}
