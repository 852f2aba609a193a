using System.Globalization;

namespace TeamCheckup.Web.Features.Reports;

public static class ReportTypes
{
    public const string Team = "Team";
    public const string Hrm = "Hrm";
    public const string Vik = "Vik";
    public const string Chief = "Chief";
    /// <summary>The local authorities' report (Features/Authority): per unit (scope = unit id) …</summary>
    public const string Authority = "Authority";
    /// <summary>… or per basic team (scope = team id of a team of type Basisteam).</summary>
    public const string AuthorityTeam = "AuthorityTeam";
    /// <summary>The networks' signals to leadership, national only, for the organisation-wide Leadership (issue 17 item 1).</summary>
    public const string NetworkSignals = "NetworkSignals";
    public static readonly IReadOnlyList<string> All = [Team, Hrm, Vik, Chief, Authority, AuthorityTeam, NetworkSignals];
    /// <summary>The annual integrity report (issue 17 item 3), per unit and national: not a quarterly report. Its request's
    /// quarter is the year's fourth, whose key archives it (Features/Reports/IntegrityReportsController).</summary>
    public const string Integrity = "Integrity";

    /// <summary>HRM and VIK reports exist per unit and nationally (scope 0).</summary>
    public const int National = 0;
}

/// <summary>One report to produce: type, scope (team id, unit id, or 0 for national), quarter, language.</summary>
public sealed record ReportRequest(string Type, int ScopeId, Quarter Quarter, string Language)
{
    public static readonly IReadOnlyList<string> Languages = ["nl", "en"];
    public CultureInfo Culture => Language == "en" ? new CultureInfo("en-GB") : new CultureInfo("nl-NL");
}

/// <summary>Sets the culture for building one report (strings and number formats), and puts it back.</summary>
public readonly struct CultureScope : IDisposable
{
    private readonly CultureInfo culture, uiCulture;

    public CultureScope(CultureInfo target)
    {
        (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = target;
        CultureInfo.CurrentUICulture = target;
    }

    public void Dispose()
    {
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = uiCulture;
    }
}
