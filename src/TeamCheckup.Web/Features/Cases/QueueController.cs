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
    public async Task<IActionResult> Index(QueueFilter filter, [FromServices] IValidator<QueueFilter> validator)
    {
        (await validator.ValidateAsync(filter)).AddTo(ModelState);
        if (!ModelState.IsValid)
            return this.InvalidForm(View("Queue", await query.RunAsync(QueueScope.DisciplineOf(user), new QueueFilter())));
        return View("Queue", await query.RunAsync(QueueScope.DisciplineOf(user), filter));
    }
}
