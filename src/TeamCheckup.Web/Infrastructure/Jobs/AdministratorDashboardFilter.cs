using Hangfire.Dashboard;
using TeamCheckup.Web.Infrastructure.Auth;

namespace TeamCheckup.Web.Infrastructure.Jobs;

/// <summary>The Hangfire dashboard is for signed-in Administrators only (not "local requests").</summary>
public sealed class AdministratorDashboardFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) =>
        context.GetHttpContext().User.IsInRole(Roles.Administrator);
}
