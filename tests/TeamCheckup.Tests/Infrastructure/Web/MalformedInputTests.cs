using Microsoft.Extensions.Logging;
using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.DependencyInjection;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Infrastructure.Time;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Tests.Infrastructure.Web;

/// <summary>
/// Sends a corpus of malformed input to every form and every query parameter of the app, found from the
/// app itself (<see cref="InputCorpus"/>: a new action or form field is covered without touching this test),
/// as the demo account that may use each route. Every request must be refused with a 4xx and the reason,
/// never a 5xx or a stack trace, and no table may change (the audit trail and session touches aside).
/// Values that may rightly be understood (Dutch numbers and dates, a field sent twice, line breaks in a text
/// area) may be accepted, but never give a 5xx, and when refused change nothing.
/// </summary>
public partial class MalformedInputTests
{
    private static readonly string[] Ignored = ["user_sessions.last_seen_at", "audit_entries.*"];
    private const int Parallel = 4;

    /// <summary>Values appended to a field's valid value; each must be refused with its message (default language: Dutch).</summary>
    private static readonly (string Label, string Injected, string Marker)[] Injections =
    [
        ("NUL", "%00", "niet zijn toegestaan"), ("SOH", "%01", "niet zijn toegestaan"), ("ESC", "%1B", "niet zijn toegestaan"),
        ("DEL", "%7F", "niet zijn toegestaan"), ("C1 NEL", "%C2%85", "niet zijn toegestaan"), ("U+FFFD", "%EF%BF%BD", "niet zijn toegestaan"),
        ("byte FF", "%FF", "niet gelezen konden worden"), ("broken sequence", "%C3%28", "niet gelezen konden worden"),
        ("lone surrogate", "%ED%A0%80", "niet gelezen konden worden"), ("overlong", "%C0%AF", "niet gelezen konden worden"),
        ("100k chars", new string('x', 100_000), "is te lang"),
    ];

    private static readonly string[] WrongNumbers = ["abc", "12abc", "0x1F", "1e5", "99999999999999999999999", "--1"];
    private static readonly string[] WrongDates = ["abc", "31-02-2026", "2026-13-01", "12/31/2026", "1-12-26"];
    private static readonly string[] WrongBools = ["abc", "2"];
    private static readonly string[] DutchNumbers = ["2,5", "1.000", "1,5", " 3 ", "+2"];
    private static readonly string[] DutchDates = ["1-12-2026", "01/12/2026", "1.12.2026"];

    private TestApp app = null!;
    private List<CorpusTarget> targets = [];
    private readonly Dictionary<string, HttpClient> clients = new();
    private readonly Dictionary<string, string> antiforgery = new();
    private ConcurrentBag<string> failures = [];
    private int requests;

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await TestApp.StartAsync(new TestAppOptions
        {
            Settings = new Dictionary<string, string?>
            {
                ["RateLimiting:Anonymous:PerClientPerMinute"] = "1000000", ["RateLimiting:Anonymous:NewClientsPerAddressPerMinute"] = "1000000",
                ["RateLimiting:Anonymous:PerAddressPerMinute"] = "1000000", ["Authentication:Throttle:FailuresPerAddress"] = "1000000",
            },
        });
        InputCorpus.Today = app.Services.GetRequiredService<Clock>().Today.ToString("yyyy-MM-dd");
        var rounds = await Checkups.EnsureRoundsAsync(app);
        var codes = await Checkups.OpenPulseAsync(await Client(Demo.TeamLead), rounds[2], 3);
        var filed = await Triage.ReportAndTriageAsync(app, unitId: 1, teamId: 3);
        // The report's case is about team 3: teamchef leads it too here, so the case summary's answer is swept as its lead posts it.
        await app.ExecuteAsync("INSERT INTO user_scopes (user_id, scope_type, scope_id) SELECT id, 'Team', 3 FROM users WHERE user_name = @lead", new { lead = Demo.TeamLead });
        // Network signals 1 and 2 (the sample id of the routes is 2): netwerk's network about unit 1, for chef.
        await app.ExecuteAsync(
            "INSERT INTO network_signals (id, network_id, kind, theme, unit_id, title, body, filed_by, filed_at, filed_on, acknowledge_by, answer_by) " +
            "SELECT n, (SELECT MIN(id) FROM networks), 'Unasked', 'Conduct', 1, 'Voorbeeld', 'Tekst', u.id, @now, @today, @today, @today " +
            "FROM users u CROSS JOIN (SELECT 1 AS n UNION ALL SELECT 2) x WHERE u.user_name = @network",
            new { network = Demo.Network, now = app.AppClock.UtcNow, today = app.Today });
        // A draft questionnaire version (id 2), so its editor and publishing are swept too.
        using (var copied = await (await Client(Demo.Administrator)).SubmitFormAsync("/admin/questionnaires", formAction: "/admin/questionnaires/copy"))
            Assert.That(copied.Headers.Location?.OriginalString, Is.EqualTo("/admin/questionnaires/2/edit"), "the sample id of admin routes is 2");
        targets = await new CorpusDiscovery(app, Client, rounds[2], filed, codes[0]).DiscoverAsync();
    }

    [OneTimeTearDown]
    public void Stop()
    {
        foreach (var client in clients.Values) client.Dispose();
        app.Dispose();
    }

    [Test, Order(1)]
    public void Every_controller_action_is_a_target()
    {
        var actions = InputCorpus.Actions(app.Services).Where(a => a.Method == "POST" || a.Action.Parameters.Any(p => p.BindingInfo?.BindingSource != BindingSource.Services
            && !a.Endpoint.RoutePattern.Parameters.Any(r => r.Name == p.Name))).Select(a => $"{a.Method} /{a.Endpoint.RoutePattern.RawText!.TrimStart('/')}").Distinct().ToList();
        TestContext.Out.WriteLine($"{targets.Count} targets:\n  " + string.Join("\n  ", targets));
        var covered = targets.Select(t => $"{t.Method} {t.Pattern}").Distinct().ToList();
        Assert.That(covered, Is.SupersetOf(actions), "every POST and every GET with parameters is covered");
        Assert.That(actions, Has.Count.GreaterThanOrEqualTo(40), "the discovery found the app's routes");
        Assert.That(targets.Count(t => t.Method == "POST" && t.FieldSource == "page"), Is.GreaterThanOrEqualTo(30),
            "most forms are read from the pages that show them");
    }

    [Test, Order(2)]
    public async Task Malformed_input_to_every_route_is_refused_with_its_reason_and_changes_nothing()
    {
        failures = [];
        var parameters = 0;
        foreach (var target in targets)
        {
            var before = await app.SnapshotAsync(Ignored);
            var variants = MustRefuse(target, ref parameters).ToList();
            using var gate = new SemaphoreSlim(Parallel);
            await Task.WhenAll(variants.Select(async v =>
            {
                await gate.WaitAsync();
                try { await CheckRefusedAsync(target, v.Label, v.Send, v.Expected, v.Marker); }
                finally { gate.Release(); }
            }));
            var after = await app.SnapshotAsync(Ignored);
            foreach (var table in before.Keys.Union(after.Keys).Where(t => before.GetValueOrDefault(t) != after.GetValueOrDefault(t)))
                failures.Add($"{target}: table {table} changed");
        }
        TestContext.Out.WriteLine($"Refusal corpus: {targets.Select(t => t.Method + t.Pattern).Distinct().Count()} routes, {targets.Count} URLs, " +
                                  $"{parameters} parameters, {requests} requests");
        Assert.That(failures, Is.Empty, $"{failures.Count} failures:\n" + string.Join("\n", failures.Take(60)));
    }

    [Test, Order(3)]
    public async Task Values_that_may_be_understood_never_give_a_5xx_and_a_refusal_changes_nothing()
    {
        failures = [];
        var sent = 0;
        var accepted = 0;
        var before = await app.SnapshotAsync(Ignored);
        // Sign-in, sign-out and language change the client's own session or culture: left out here.
        foreach (var target in targets.Where(t => t.Url is not ("/account/sign-in" or "/account/sign-out" or "/language")))
        {
            foreach (var (label, fields) in MayBeUnderstood(target))
            {
                var (status, body) = await SendAsync(target, fields);
                sent++;
                CheckNoLeak(target, label, status, body);
                var after = await app.SnapshotAsync(Ignored);
                if ((int)status >= 400)
                {
                    foreach (var table in before.Keys.Where(t => before[t] != after.GetValueOrDefault(t)))
                        failures.Add($"{target} {label}: refused with {(int)status} but table {table} changed");
                }
                else accepted++;
                before = after;
            }
        }
        TestContext.Out.WriteLine($"Understood-or-refused corpus: {sent} requests, {accepted} accepted");
        Assert.That(failures, Is.Empty, $"{failures.Count} failures:\n" + string.Join("\n", failures.Take(60)));
    }

    // ---- the corpus ------------------------------------------------------------------------------

    private sealed record Variant(string Label, Func<Task<(HttpStatusCode, string)>> Send, int[] Expected, string? Marker);

    private IEnumerable<Variant> MustRefuse(CorpusTarget target, ref int parameters)
    {
        var list = new List<Variant>();
        Variant Fields(string label, List<(string, string)> fields, string? marker, params int[] expected) =>
            new(label, () => SendAsync(target, fields), expected.Length == 0 ? [400] : expected, marker);

        foreach (var field in target.Fields.GroupBy(f => f.Shape).Select(g => g.First()))
        {
            parameters++;
            // A character that survives cleaning ("(" of a broken sequence, the x of a line break) changes a key or a
            // pulse code: the record is then not found (404, the code/key page), which refuses just as well.
            var identifies = field.Name is "Code" or "Key" or "key" or "code";
            foreach (var (label, injected, marker) in Injections)
                list.Add(identifies
                    ? new(($"{field.Name} + {label}"), () => SendAsync(target, With(target, field, field.Encoded + injected)), [400, 404], null)
                    : Fields($"{field.Name} + {label}", With(target, field, field.Encoded + injected), marker));
            var wrong = field.IsWholeNumber || field.IsDecimal ? WrongNumbers : field.IsDate ? WrongDates : field.IsBool ? WrongBools : [];
            foreach (var value in wrong) list.Add(Fields($"{field.Name} = {value}", With(target, field, InputCorpus.Encode(value)), null));
            if (field.IsSingleLineText)
                list.Add(identifies ? new($"{field.Name} + line break", () => SendAsync(target, With(target, field, field.Encoded + "%0D%0Ax")), [400, 404], null)
                    : Fields($"{field.Name} + line break", With(target, field, field.Encoded + "%0D%0Ax"), "regeleinden"));
        }
        list.Add(Fields("a field name with NUL", [.. Base(target), ("x%00y", "1")], "niet zijn toegestaan"));
        list.Add(Fields("2,100 fields", [.. Base(target), .. Enumerable.Range(0, 2100).Select(i => ($"f{i}", "1"))], null));
        if (target.Method != "POST") return list;

        var payload = Base(target);
        list.Add(new("empty body", () => SendRawAsync(target, null), [400], null));
        list.Add(new("JSON", () => SendRawAsync(target, new StringContent("{" + string.Join(",", payload.Select(p => $"\"{Uri.UnescapeDataString(p.Item1)}\":\"x\"")) + "}", Encoding.UTF8, "application/json")), [415], "geen formulier"));
        list.Add(new("text/plain", () => SendRawAsync(target, new StringContent(InputCorpus.Join(WithTokens(target, payload)), Encoding.UTF8, "text/plain")), [415], "geen formulier"));
        var upload = target.Action.EndpointMetadata.OfType<AcceptsFileUploadAttribute>().Any();
        if (!upload) list.Add(new("multipart", () => SendRawAsync(target, Multipart(WithTokens(target, payload))), [415], "geen formulier"));
        else
        {
            // An action that takes a file reads multipart: without the file nothing of its form was sent, and with
            // a file but no form token it is an old or foreign form.
            list.Add(new("multipart without the file", () => SendRawAsync(target, Multipart(WithTokens(target, payload))), [400], "geen van de velden"));
            list.Add(new("a file without form token", () => SendRawAsync(target, Multipart(WithTokens(target, payload, formToken: false), withFile: true)), [400], "verouderd of onvolledig"));
        }
        list.Add(new("over 1 MB", () => SendAsync(target, [.. payload, ("pad", new string('x', 1_100_000))]), [413], null));
        if (target.Facts.Fields.Count > 0)
            list.Add(new("only the tokens", () => SendAsync(target, []), [400], "geen van de velden"));
        if (target.Facts.NeedsFormToken && !upload)
            list.Add(new("no form token", () => SendAsync(target, payload, formToken: false), [400], "verouderd of onvolledig"));
        return list;
    }

    private static IEnumerable<(string Label, List<(string, string)> Fields)> MayBeUnderstood(CorpusTarget target)
    {
        foreach (var field in target.Fields.GroupBy(f => f.Shape).Select(g => g.First()))
        {
            var values = field.IsDecimal || field.IsWholeNumber ? DutchNumbers : field.IsDate ? DutchDates
                : field.MultiLine ? ["regel 1\r\nregel 2\tmet tab"] : [];
            foreach (var value in values) yield return ($"{field.Name} = {value}", With(target, field, InputCorpus.Encode(value)));
        }
        var sent = Base(target);
        if (sent.Count > 0) yield return ("every field twice", [.. sent, .. sent]);
    }

    /// <summary>The valid request with one field's value replaced (an unticked box is then sent too).</summary>
    private static List<(string, string)> With(CorpusTarget target, CorpusField changed, string encoded) =>
        target.Fields.Where(f => f.Sent || ReferenceEquals(f, changed))
            .Select(f => (InputCorpus.Encode(f.Name), ReferenceEquals(f, changed) ? encoded : f.Encoded)).ToList();

    private static List<(string, string)> Base(CorpusTarget target) =>
        target.Fields.Where(f => f.Sent).Select(f => (InputCorpus.Encode(f.Name), f.Encoded)).ToList();

    // ---- sending and checking ----------------------------------------------------------------------

    private async Task CheckRefusedAsync(CorpusTarget target, string label, Func<Task<(HttpStatusCode, string)>> send, int[] expected, string? marker)
    {
        var (status, body) = await send();
        CheckNoLeak(target, label, status, body);
        if (!expected.Contains((int)status)) failures.Add($"{target} {label}: {(int)status}, expected {string.Join("/", expected)}: {Reasons(body)}");
        else if (marker is not null && !Html.Text(body).Contains(marker, StringComparison.OrdinalIgnoreCase))
            failures.Add($"{target} {label}: {(int)status} without the message '{marker}': {Reasons(body)}");
        else if (marker is null && (int)status == 400 && Reasons(body).Length == 0 && label != "empty body")
            failures.Add($"{target} {label}: 400 without a reason on the page");
    }

    /// <summary>The exceptions the app logged so far (what a 5xx came from), shortened.</summary>
    private string LoggedErrors() => string.Join(" | ", app.Log.Entries.Where(e => e.Level >= LogLevel.Error)
        .Select(e => $"{e.Category}: {e.Exception?.GetType().Name} {e.Exception?.Message ?? e.Message}").Distinct().TakeLast(3)) is { Length: > 0 } text ? text : "nothing";

    private void CheckNoLeak(CorpusTarget target, string label, HttpStatusCode status, string body)
    {
        if ((int)status >= 500) failures.Add($"{target} {label}: {(int)status}; the app logged: {LoggedErrors()}");
        if (body.Contains(".cs:line", StringComparison.Ordinal) || LeakPattern().IsMatch(body))
            failures.Add($"{target} {label}: exception detail in the response");
    }

    private static string Reasons(string html)
    {
        var summary = Html.ErrorSummary(html);
        var reasons = Regex.Match(html, @"<ul class=""error-reasons"".*?</ul>", RegexOptions.Singleline);
        return (summary + " " + (reasons.Success ? Html.Text(reasons.Value) : "")).Trim();
    }

    private async Task<(HttpStatusCode, string)> SendAsync(CorpusTarget target, List<(string, string)> fields, bool formToken = true)
    {
        if (target.Method == "GET")
        {
            var client = await Client(target.Actor);
            Interlocked.Increment(ref requests);
            using var response = await client.GetAsync(target.Url + (fields.Count == 0 ? "" : "?" + InputCorpus.Join(fields)));
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        await Client(target.Actor); // its antiforgery token
        return await SendRawAsync(target, new StringContent(InputCorpus.Join(WithTokens(target, fields, formToken)), Encoding.UTF8, InputGuardMiddleware.FormContentType));
    }

    private async Task<(HttpStatusCode, string)> SendRawAsync(CorpusTarget target, HttpContent? content)
    {
        var client = await Client(target.Actor);
        Interlocked.Increment(ref requests);
        using var response = await client.PostAsync(target.Url, content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private List<(string, string)> WithTokens(CorpusTarget target, List<(string, string)> fields, bool formToken = true)
    {
        var all = new List<(string, string)>(fields) { (Html.TokenField, InputCorpus.Encode(antiforgery[target.Actor])) };
        if (formToken) all.Add((Html.FormTokenField, Html.NewFormToken()));
        return all;
    }

    private static MultipartFormDataContent Multipart(List<(string, string)> fields, bool withFile = false)
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields) content.Add(new StringContent(Uri.UnescapeDataString(value)), Uri.UnescapeDataString(name));
        if (withFile) content.Add(new ByteArrayContent(Encoding.UTF8.GetBytes("record;code\n")), "file", "bestand.csv");
        return content;
    }

    private async Task<HttpClient> Client(string actor)
    {
        if (clients.TryGetValue(actor, out var client)) return client;
        clients[actor] = client = actor == InputCorpus.Anonymous ? app.CreateBrowser() : await app.SignInAsync(actor);
        antiforgery[actor] = Html.AntiforgeryToken(await client.GetPageAsync("/"));
        return client;
    }

    [GeneratedRegex(@"\bat (TeamCheckup|Microsoft|System)\.|Exception\b|StackTrace")]
    private static partial Regex LeakPattern();
}
