using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Reports;

namespace TeamCheckup.Tests.Features.Reports;

/// <summary>Who downloads which report (SPEC §2, §7): team leads their own teams, the chief their unit, HRM and VIK
/// advisors their discipline's reports of their unit and national; everyone else is refused, and every refusal is audited.</summary>
public class ReportAccessTests
{
    private TestApp app = null!;
    private readonly Dictionary<string, HttpClient> clients = [];
    private readonly Dictionary<(string Type, int Scope), int> archived = [];
    private static readonly Quarter Q = KnownQuarter.Quarter;

    private static readonly (string Type, int Scope)[] Reports =
    [
        (ReportTypes.Team, 1), (ReportTypes.Team, 2), (ReportTypes.Team, 3), (ReportTypes.Team, 7),
        (ReportTypes.Hrm, 1), (ReportTypes.Hrm, 2), (ReportTypes.Hrm, ReportTypes.National),
        (ReportTypes.Vik, 1), (ReportTypes.Vik, 2), (ReportTypes.Vik, ReportTypes.National),
        (ReportTypes.Chief, 1), (ReportTypes.Chief, 2),
        (ReportTypes.NetworkSignals, ReportTypes.National),
    ];

    /// <summary>What each demo account may download (see Support/Demo.cs for their scopes).</summary>
    private static readonly Dictionary<string, (string Type, int Scope)[]> Allowed = new()
    {
        [Demo.TeamLead] = [(ReportTypes.Team, 1), (ReportTypes.Team, 2)],
        [Demo.TeamLead2] = [(ReportTypes.Team, 7)],
        [Demo.Hrm] = [(ReportTypes.Hrm, 1), (ReportTypes.Hrm, ReportTypes.National)],
        [Demo.Vik] = [(ReportTypes.Vik, 1), (ReportTypes.Vik, ReportTypes.National)],
        [Demo.Chief] = [(ReportTypes.Chief, 1)],
        [Demo.Communications] = [],
        [Demo.Administrator] = [],
        [Demo.Expert] = [],
        [Demo.Authority] = [],
        [Demo.Network] = [],
        // The organisation-wide Leadership: the national report of the networks' signals, no unit's chief report.
        [Demo.Leadership] = [(ReportTypes.NetworkSignals, ReportTypes.National)],
    };

    /// <summary>Roles that may not open /reports at all (403); the others get 404 for a report outside their scope.</summary>
    private static readonly string[] WithoutReports = [Demo.Communications, Demo.Administrator, Demo.Expert, Demo.Authority, Demo.Network];

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await KnownQuarter.StartAsync();
        using (var scope = app.Services.CreateScope())
        {
            var generator = scope.ServiceProvider.GetRequiredService<ReportGenerator>();
            foreach (var (type, id) in Reports)
                archived[(type, id)] = (await generator.GetOrCreateAsync(new ReportRequest(type, id, Q, "nl")))!.Id;
        }
        foreach (var account in Demo.AllAccounts) clients[account] = await app.SignInAsync(account);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        foreach (var client in clients.Values) client.Dispose();
        app.Dispose();
    }

    [Test]
    public void Every_demo_account_is_covered() => Assert.That(Allowed.Keys, Is.EquivalentTo(Demo.AllAccounts));

    [Test]
    public async Task Each_role_downloads_only_the_reports_in_its_scope_and_every_refusal_is_audited()
    {
        var results = new List<string>();
        foreach (var account in Demo.AllAccounts)
        {
            foreach (var report in Reports)
            {
                var id = archived[report];
                var mark = await app.AuditMarkAsync();
                using var response = await clients[account].GetAsync($"/reports/{id}/download");
                var audit = await app.AuditSinceAsync(mark);
                var mayHave = Allowed[account].Contains(report);
                var refusal = WithoutReports.Contains(account) ? HttpStatusCode.Forbidden : HttpStatusCode.NotFound;
                var expectedStatus = mayHave ? HttpStatusCode.OK : refusal;
                if (response.StatusCode != expectedStatus)
                    results.Add($"{account} {report}: {(int)response.StatusCode}, expected {(int)expectedStatus}");
                var denials = audit.Where(a => a.Actor == account && a.Action == "auth.permission-denied" && (a.Subject ?? "").Contains($"{id}")).ToList();
                var downloads = audit.Where(a => a.Actor == account && a.Action == "report.downloaded" && a.Subject == $"report:{id}").ToList();
                if (mayHave && (downloads.Count != 1 || denials.Count != 0)) results.Add($"{account} {report}: download not audited once ({string.Join("; ", audit)})");
                if (!mayHave && (denials.Count != 1 || downloads.Count != 0)) results.Add($"{account} {report}: refusal not audited once ({string.Join("; ", audit)})");
                if (!mayHave && (await response.Content.ReadAsByteArrayAsync()).AsSpan().IndexOf("%PDF"u8) >= 0) results.Add($"{account} {report}: PDF bytes in a refusal");
            }
        }
        Assert.That(results, Is.Empty);
    }

    [Test]
    public async Task A_report_that_does_not_exist_is_not_found_and_audited()
    {
        var mark = await app.AuditMarkAsync();
        using var response = await clients[Demo.Hrm].GetAsync("/reports/99999/download");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await app.AuditSinceAsync(mark)).Select(a => (a.Actor, a.Action, a.Subject)),
            Does.Contain((Demo.Hrm, "auth.permission-denied", (string?)"report:99999")));
    }

    [Test]
    public async Task Generating_a_report_outside_ones_scope_is_refused_audited_and_makes_nothing()
    {
        var count = await app.ScalarAsync<long>("SELECT COUNT(*) FROM report_archive");
        foreach (var (account, type, scope) in new[] { (Demo.TeamLead, ReportTypes.Team, 4), (Demo.Hrm, ReportTypes.Vik, 1), (Demo.Chief, ReportTypes.Chief, 2), (Demo.Vik, ReportTypes.Vik, 2),
                     (Demo.Chief, ReportTypes.NetworkSignals, ReportTypes.National), (Demo.Leadership, ReportTypes.Chief, 1) })
        {
            var mark = await app.AuditMarkAsync();
            using var response = await clients[account].PostWithTokenAsync("/reports/generate", new Dictionary<string, string>
            {
                ["type"] = type, ["scopeId"] = scope.ToString(), ["quarter"] = Q.Key, ["language"] = "en",
            }, "/reports");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), $"{account} {type} {scope}");
            Assert.That((await app.AuditSinceAsync(mark)).Select(a => (a.Actor, a.Action, a.Subject)),
                Does.Contain((account, "auth.permission-denied", (string?)$"report:{type}:{scope}:{Q.Key}")));
        }
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM report_archive"), Is.EqualTo(count));
    }

    [Test]
    public async Task The_reports_page_lists_only_the_reports_in_ones_scope()
    {
        async Task<List<string>> RowsAsync(string account)
        {
            var html = await clients[account].GetHtmlAsync($"/reports?quarter={Q.Key}");
            return System.Text.RegularExpressions.Regex.Matches(html, @"<tr data-testid=""report-row"">(.*?)</tr>", System.Text.RegularExpressions.RegexOptions.Singleline)
                .Select(m => Html.Text(m.Groups[1].Value)).ToList();
        }
        var teamLead = await RowsAsync(Demo.TeamLead);
        var hrm = await RowsAsync(Demo.Hrm);
        var chief = await RowsAsync(Demo.Chief);
        Assert.Multiple(() =>
        {
            Assert.That(teamLead, Has.Count.EqualTo(2));
            Assert.That(teamLead.All(r => r.StartsWith("Teamrapportage Basisteam Utrecht-", StringComparison.Ordinal)), Is.True, string.Join("\n", teamLead));
            Assert.That(hrm.Select(r => r.Split(' ')[0] + " " + r.Split(' ')[1]), Is.EquivalentTo(new[] { "HRM-rapportage Eenheid", "HRM-rapportage Landelijk" }));
            Assert.That(chief, Has.Count.EqualTo(1));
            Assert.That(chief[0], Does.StartWith("Chefrapportage Eenheid Midden-Nederland"));
        });
        using var forbidden = await clients[Demo.Communications].GetAsync("/reports");
        Assert.That(forbidden.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }
}
