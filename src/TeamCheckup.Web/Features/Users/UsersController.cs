using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Web;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Users;

/// <summary>Administrator pages for accounts, their roles and their scopes (SPEC §2).</summary>
[Authorize(Roles = Roles.Administrator)]
[Route("/admin/users")]
public sealed class UsersController(
    UserFormQuery forms,
    IValidator<UserForm> validator,
    CurrentUser currentUser,
    Clock clock,
    IStringLocalizer<SharedResource> t) : Controller
{
    /// <summary>The accounts, searched by name and filtered by role and unit, 25 a page (a bad value: 400 with its reason).</summary>
    [HttpGet("")]
    public async Task<IActionResult> Index(UserListFilter filter, [FromServices] UserListQuery query, [FromServices] IValidator<UserListFilter> filterValidator)
    {
        ViewData["Now"] = clock.UtcNow;
        ViewData["Units"] = (await forms.ChoicesAsync()).Units;
        (await filterValidator.ValidateAsync(filter)).AddTo(ModelState);
        if (!ModelState.IsValid) return this.InvalidForm(UserList(new UserListFilter(), await query.RunAsync(new UserListFilter())));
        return UserList(filter, await query.RunAsync(filter));
    }

    private ViewResult UserList(UserListFilter filter, Infrastructure.Web.Paged<UserRow> users)
    {
        ViewData["Filter"] = filter;
        return View("Index", users);
    }

    [HttpGet("new")]
    public Task<IActionResult> New() => FormView(new UserForm());

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id) =>
        await forms.LoadAsync(id) is { } form ? await FormView(form) : NotFound();

    [HttpPost("new")]
    public Task<IActionResult> Create(UserForm form, [FromServices] SaveUserHandler handler)
    {
        form.Id = null;
        form.IsExternal = false;
        return SaveAsync(form, handler);
    }

    [HttpPost("{id:int}/edit")]
    public async Task<IActionResult> Update(int id, UserForm form, [FromServices] SaveUserHandler handler)
    {
        var existing = await forms.LoadAsync(id);
        if (existing is null) return NotFound();
        form.Id = id;
        form.IsExternal = existing.IsExternal;
        return await SaveAsync(form, handler);
    }

    [HttpPost("{id:int}/deactivate")]
    public async Task<IActionResult> Deactivate(int id, [FromServices] UserStatusHandler handler)
    {
        if (id == currentUser.Id)
        {
            TempData["Error"] = t["Users.CannotDeactivateSelf"].Value;
            return Redirect("/admin/users");
        }
        return await ChangeStatusAsync(id, UserStatusChange.Deactivate, handler);
    }

    [HttpPost("{id:int}/reactivate")]
    public Task<IActionResult> Reactivate(int id, [FromServices] UserStatusHandler handler) =>
        ChangeStatusAsync(id, UserStatusChange.Reactivate, handler);

    [HttpPost("{id:int}/unlock")]
    public Task<IActionResult> Unlock(int id, [FromServices] UserStatusHandler handler) =>
        ChangeStatusAsync(id, UserStatusChange.Unlock, handler);

    private async Task<IActionResult> ChangeStatusAsync(int id, UserStatusChange change, UserStatusHandler handler)
    {
        if (!await handler.HandleAsync(id, change)) return NotFound();
        TempData["Message"] = t["Users.Status." + change].Value;
        return Redirect("/admin/users");
    }

    private async Task<IActionResult> SaveAsync(UserForm form, SaveUserHandler handler)
    {
        (await validator.ValidateAsync(form)).AddTo(ModelState);
        if (!ModelState.IsValid) return this.InvalidForm(await FormView(form));
        var (id, conflictField, conflictKey) = await handler.HandleAsync(form);
        if (conflictField is not null)
        {
            ModelState.AddModelError(conflictField, t[conflictKey!]);
            return this.InvalidForm(await FormView(form));
        }
        if (id is null) return NotFound();
        TempData["Message"] = t["Users.Saved"].Value;
        return Redirect("/admin/users");
    }

    private async Task<IActionResult> FormView(UserForm form)
    {
        form.NewPassword = null; // never echo a password back into the page
        ViewData["Choices"] = await forms.ChoicesAsync();
        return View("UserForm", form);
    }
}
