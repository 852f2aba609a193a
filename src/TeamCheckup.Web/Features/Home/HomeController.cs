using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace TeamCheckup.Web.Features.Home;

[Authorize]
public sealed class HomeController(HomeQuery query) : Controller
{
    [HttpGet("/")]
    public async Task<IActionResult> Index() => View(await query.RunAsync());
}
