using System.Diagnostics;
using TeamCheckup.Web.Features.Dashboard;
using TeamCheckup.Web.Features.Teams;

namespace TeamCheckup.Bench;

/// <summary>Where a dashboard request's time goes: the page's queries alone, in process, without HTTP or Razor.</summary>
public static class QueryProfile
{
    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args)
    {
        var teamId = args.Count > 0 ? int.Parse(args[0]) : 1;
        var unitId = args.Count > 1 ? int.Parse(args[1]) : 1;
        async Task TimeAsync(string name, Func<IServiceProvider, Task> run)
        {
            for (var i = 0; i < 50; i++) { using var warm = services.CreateScope(); await run(warm.ServiceProvider); }
            var times = new List<double>();
            for (var i = 0; i < 500; i++)
            {
                using var scope = services.CreateScope();
                var watch = Stopwatch.StartNew();
                await run(scope.ServiceProvider);
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            Console.WriteLine($"FIGURE query-{name} {BenchHost.Percentiles(times)}");
        }
        await TimeAsync("team-dashboard", sp => sp.GetRequiredService<TeamDashboardQuery>().RunAsync(teamId, forTeamLead: true));
        await TimeAsync("unit-overview", sp => sp.GetRequiredService<UnitOverviewQuery>().RunAsync(unitId));
        return 0;
    }
}
