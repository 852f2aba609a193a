using System.Net;
using System.Text;
using TeamCheckup.Web.Features.OrganisationImport;

namespace TeamCheckup.Tests.Support;

/// <summary>Organisation files (docs/organisation-import.md) for the import tests: rows by hand, or the organisation the
/// database holds now (codes U{id}, D{id}, T{id} where it has none), and the upload as a browser sends it.</summary>
public sealed class OrganisationFile
{
    public List<Dictionary<string, string>> Rows { get; } = [];

    public OrganisationFile Unit(string code, string name) => Add(new() { ["record"] = "unit", ["code"] = code, ["name"] = name });

    public OrganisationFile District(string code, string name, string unit) =>
        Add(new() { ["record"] = "district", ["code"] = code, ["name"] = name, ["parent_code"] = unit });

    public OrganisationFile Team(string code, string name, string district, string type = "Basisteam", int headcount = 20, string? area = null) =>
        Add(new() { ["record"] = "team", ["code"] = code, ["name"] = name, ["parent_code"] = district, ["team_type"] = type,
            ["headcount"] = headcount.ToString(System.Globalization.CultureInfo.InvariantCulture), ["service_area"] = area ?? "" });

    public OrganisationFile Lead(string userName, string name, string? email, params string[] teams) =>
        Add(new() { ["record"] = "lead", ["user_name"] = userName, ["name"] = name, ["email"] = email ?? "", ["team_codes"] = string.Join("|", teams) });

    public OrganisationFile Add(Dictionary<string, string> row) { Rows.Add(row); return this; }

    /// <summary>The rows whose column <paramref name="column"/> is <paramref name="value"/>.</summary>
    public IEnumerable<Dictionary<string, string>> Where(string column, string value) => Rows.Where(r => r.GetValueOrDefault(column) == value);

    public string Csv(char separator = ';', IReadOnlyList<string>? header = null)
    {
        header ??= ImportColumns.All;
        var text = new StringBuilder(string.Join(separator, header)).Append("\r\n");
        foreach (var row in Rows)
            text.Append(string.Join(separator, header.Select(c => Quote(row.GetValueOrDefault(c, ""), separator)))).Append("\r\n");
        return text.ToString();
    }

    public byte[] CsvBytes(char separator = ';') => Encoding.UTF8.GetBytes(Csv(separator));

    private static string Quote(string value, char separator) =>
        value.IndexOfAny([separator, '"', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;

    /// <summary>The organisation and leads as the database holds them now, active rows only.</summary>
    public static async Task<OrganisationFile> OfDatabaseAsync(TestApp app)
    {
        var file = new OrganisationFile();
        foreach (var u in await app.QueryAsync<(int Id, string Code, string Name)>("SELECT id, code, name FROM units WHERE is_active = 1 ORDER BY id"))
            file.Unit(u.Code, u.Name);
        foreach (var d in await app.QueryAsync<(int Id, string? Code, string Name, string Unit)>(
                     "SELECT d.id, d.code, d.name, u.code FROM districts d JOIN units u ON u.id = d.unit_id WHERE d.is_active = 1 ORDER BY d.id"))
            file.District(d.Code ?? $"D{d.Id}", d.Name, d.Unit);
        foreach (var t in await app.QueryAsync<TeamRow>(
                     "SELECT t.id AS Id, t.code AS Code, t.name AS Name, d.id AS DistrictId, d.code AS DistrictCode, t.team_type AS Type, " +
                     "t.headcount AS Headcount, t.service_area AS Area FROM teams t JOIN districts d ON d.id = t.district_id WHERE t.is_active = 1 ORDER BY t.id"))
            file.Team(t.Code ?? $"T{t.Id}", t.Name, t.DistrictCode ?? $"D{t.DistrictId}", t.Type, t.Headcount, t.Area);
        var codes = (await app.QueryAsync<(int Id, string? Code)>("SELECT id, code FROM teams")).ToDictionary(t => t.Id, t => t.Code ?? $"T{t.Id}");
        foreach (var lead in (await app.QueryAsync<(string UserName, string Name, string? Email, int TeamId)>(
                     "SELECT u.user_name, u.display_name, u.email, s.scope_id FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'TeamLead' " +
                     "JOIN user_scopes s ON s.user_id = u.id AND s.scope_type = 'Team' ORDER BY u.user_name, s.scope_id")).GroupBy(l => l.UserName))
            file.Lead(lead.Key, lead.First().Name, lead.First().Email, lead.Select(l => codes[l.TeamId]).ToArray());
        return file;
    }

    private sealed class TeamRow
    {
        public int Id { get; set; }
        public string? Code { get; set; }
        public string Name { get; set; } = "";
        public int DistrictId { get; set; }
        public string? DistrictCode { get; set; }
        public string Type { get; set; } = "";
        public int Headcount { get; set; }
        public string? Area { get; set; }
    }

    /// <summary>Uploads a file through the import page as a browser does (multipart, with the page's token).</summary>
    public static async Task<(HttpStatusCode Status, string Html)> UploadAsync(HttpClient admin, byte[] content, string fileName)
    {
        // The page's form as a browser sends it: its tokens (antiforgery and the form token) and the file.
        var page = Html.Form(await admin.GetHtmlAsync("/admin/organisation/import"), "/admin/organisation/import");
        using var form = new MultipartFormDataContent();
        foreach (var (name, value) in page.Fields.Where(f => f.Key != "file")) form.Add(new StringContent(value), name);
        form.Add(new ByteArrayContent(content), "file", fileName);
        using var response = await admin.PostAsync("/admin/organisation/import", form);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Uploads and confirms; returns the confirmation's response status and the page it leads to.</summary>
    public static async Task<(HttpStatusCode Status, string Html)> ImportAsync(HttpClient admin, byte[] content, string fileName = "organisatie.csv")
    {
        var (status, html) = await UploadAsync(admin, content, fileName);
        if (status != HttpStatusCode.OK) return (status, html);
        var confirm = Html.Form(html, "/admin/organisation/import/confirm");
        using var response = await admin.PostAsync(confirm.Action, new FormUrlEncodedContent(confirm.Fields));
        return (response.StatusCode, response.StatusCode == HttpStatusCode.Redirect
            ? await admin.GetHtmlAsync(response.Headers.Location!.OriginalString) : await response.Content.ReadAsStringAsync());
    }
}
