using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Web.Features.Cases;

[Authorize(Roles = Access.Queue)]
public sealed class QueueController(CurrentUser user, QueueQuery query) : Controller
{
    /// <summary>The queue of the user's own discipline, filtered by the query string (a bad value: 400 with its reason).</summary>
    [HttpGet("/queue")]
    public async Task<IActionResult> Index(QueueFilter filter, [FromServices] IValidator<QueueFilter> validator,
        [FromServices] Infrastructure.Database.DbConnectionFactory connections, [FromServices] Infrastructure.Time.Clock clock)
    {
        (await validator.ValidateAsync(filter)).AddTo(ModelState);
        if (!ModelState.IsValid)
        {
            ViewData["Support"] = await SupportRequestsAsync(connections, clock);
            return this.InvalidForm(View("Queue", await query.RunAsync(QueueScope.DisciplineOf(user), new QueueFilter())));
        }
        ViewData["Support"] = await SupportRequestsAsync(connections, clock);
        return View("Queue", await query.RunAsync(QueueScope.DisciplineOf(user), filter));
    }

    /// <summary>The discipline's open support requests ("hulp vragen", Features/Checkups/SupportRequests), above its cases.</summary>
    private async Task<IReadOnlyList<Checkups.SupportRequestRow>> SupportRequestsAsync(Infrastructure.Database.DbConnectionFactory connections, Infrastructure.Time.Clock clock)
    {
        var discipline = QueueScope.DisciplineOf(user);
        if (!Checkups.SupportQueue.HasQueue(discipline)) return [];
        await using var connection = await connections.OpenAsync();
        return (await Checkups.SupportQueue.OpenAsync(connection, await QueueScope.ParametersAsync(connection, user, clock, discipline))).ToList();
    }
}
