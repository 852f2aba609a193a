using Dapper;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using FluentValidation;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Users;

public sealed class UserForm
{
    public int? Id { get; set; }
    public string UserName { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string? Email { get; set; }
    /// <summary>A title shown with the name on a case (bedrijfsarts, vertrouwenspersoon …); chiefly for Experts.</summary>
    public string? Title { get; set; }
    /// <summary>Required for a new local account; on edit, empty keeps the current password.</summary>
    public string? NewPassword { get; set; }
    public List<string> Roles { get; set; } = [];
    public List<int> UnitIds { get; set; } = [];
    public List<int> DistrictIds { get; set; } = [];
    public List<int> TeamIds { get; set; } = [];
    /// <summary>For a Network representative: the networks they speak for (scope rows of type Network).</summary>
    public List<int> NetworkIds { get; set; } = [];
    /// <summary>For a Chief: the organisation-wide Leadership scope (the networks' signals about the whole organisation, every escalation).</summary>
    public bool Organisation { get; set; }
    /// <summary>Set by the controller from the stored account (not posted).</summary>
    [BindNever] public bool IsExternal { get; set; }
}

public sealed class UserFormValidator : AbstractValidator<UserForm>
{
    public UserFormValidator(IStringLocalizer<SharedResource> t, DbConnectionFactory connections)
    {
        RuleFor(f => f.UserName).NotEmpty().MaximumLength(100)
            .Matches("^[a-zA-Z0-9._@-]*$").WithMessage(_ => t["Users.Validation.UserNameFormat"])
            .WithName(_ => t["Account.UserName"]);
        RuleFor(f => f.DisplayName).NotEmpty().MaximumLength(200).WithName(_ => t["Users.DisplayName"]);
        RuleFor(f => f.Title).MaximumLength(100).WithName(_ => t["Users.PersonTitle"]);
        RuleFor(f => f.Email).MaximumLength(256).EmailAddress().When(f => !string.IsNullOrWhiteSpace(f.Email)).WithName(_ => t["Users.Email"]);
        RuleFor(f => f.NewPassword).NotEmpty().When(f => f.Id is null && !f.IsExternal).WithName(_ => t["Account.Password"]);
        RuleFor(f => f.NewPassword).MinimumLength(PasswordRules.MinimumLength).MaximumLength(PasswordRules.MaximumLength)
            .When(f => !string.IsNullOrEmpty(f.NewPassword)).WithName(_ => t["Account.Password"]);
        RuleFor(f => f.NewPassword).Must((form, password) => !PasswordRules.IsGuessable(password!, form.UserName))
            .When(f => f.NewPassword is { Length: >= PasswordRules.MinimumLength })
            .WithMessage(_ => t["Abuse.Password.Guessable"]);
        RuleFor(f => f.Roles).NotEmpty().WithMessage(_ => t["Users.Validation.RoleRequired"]);
        RuleForEach(f => f.Roles).Must(r => Infrastructure.Auth.Roles.All.Contains(r)).WithMessage(_ => t["Users.Validation.UnknownRole"]);
        RuleFor(f => f.TeamIds).NotEmpty().When(f => f.Roles.Contains(Infrastructure.Auth.Roles.TeamLead))
            .WithMessage(_ => t["Users.Validation.TeamLeadNeedsTeam"]);
        RuleFor(f => f.NetworkIds).NotEmpty().When(f => f.Roles.Contains(Infrastructure.Auth.Roles.Network))
            .WithMessage(_ => t["Users.Validation.NetworkRoleNeedsNetwork"]);
        RuleFor(f => f).Must(f => f.UnitIds.Count + f.DistrictIds.Count > 0 || (f.Organisation && f.Roles.Contains(Infrastructure.Auth.Roles.Chief)
                && !f.Roles.Any(r => r is Infrastructure.Auth.Roles.HrmAdvisor or Infrastructure.Auth.Roles.VikAdvisor or Infrastructure.Auth.Roles.CommunicationsAdvisor)))
            .When(f => f.Roles.Any(r => r is Infrastructure.Auth.Roles.Chief or Infrastructure.Auth.Roles.HrmAdvisor
                or Infrastructure.Auth.Roles.VikAdvisor or Infrastructure.Auth.Roles.CommunicationsAdvisor))
            .WithName(nameof(UserForm.UnitIds)).OverridePropertyName(nameof(UserForm.UnitIds))
            .WithMessage(_ => t["Users.Validation.UnitRoleNeedsUnit"]);

        // The local authorities (issue 17 item 2): an outsider with its own role only, scoped to units or basic teams.
        When(f => f.Roles.Contains(Infrastructure.Auth.Roles.Authority), () =>
        {
            RuleFor(f => f.Roles).Must(r => r.Distinct().Count() == 1).WithMessage(_ => t["Users.Validation.AuthorityAlone"]);
            RuleFor(f => f.DistrictIds).Empty().WithMessage(_ => t["Users.Validation.AuthorityNoDistricts"]);
            RuleFor(f => f).Must(f => f.UnitIds.Count + f.TeamIds.Count > 0)
                .WithName(nameof(UserForm.UnitIds)).OverridePropertyName(nameof(UserForm.UnitIds))
                .WithMessage(_ => t["Users.Validation.AuthorityNeedsScope"]);
            RuleFor(f => f.TeamIds).CustomAsync(async (ids, context, _) =>
            {
                if (ids.Count == 0) return;
                await using var connection = await connections.OpenAsync();
                var others = (await connection.QueryAsync<string>("SELECT name FROM teams WHERE id IN @ids AND team_type <> @type ORDER BY name",
                    new { ids = ids.Distinct().ToArray(), type = Authority.AuthorityScopes.BasicTeamType })).ToList();
                if (others.Count > 0) context.AddFailure(nameof(UserForm.TeamIds), t["Users.Validation.AuthorityNotBasicTeam", string.Join(", ", others)]);
            });
        });
    }
}

/// <summary>
/// Creates or edits an account with its roles and scopes. The user's sessions end on every change,
/// so new rights (or fewer) apply from the next request; the audit entry commits with the change.
/// </summary>
public sealed class SaveUserHandler(DbConnectionFactory connections, AuditTrail audit, CurrentUser user, Clock clock)
{
    public async Task<(int? Id, string? ConflictField, string? ConflictKey)> HandleAsync(UserForm form)
    {
        var userName = form.UserName.Trim().ToLowerInvariant();
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users WHERE user_name = @userName AND id <> @id",
                new { userName, id = form.Id ?? 0 }, transaction) > 0)
            return (null, nameof(UserForm.UserName), "Users.Validation.DuplicateUserName");
        if (!await ScopesExistAsync(connection, transaction, form))
            return (null, nameof(UserForm.UnitIds), "Users.Validation.UnknownScope");

        var values = new
        {
            userName, displayName = form.DisplayName.Trim(), email = string.IsNullOrWhiteSpace(form.Email) ? null : form.Email.Trim(),
            title = string.IsNullOrWhiteSpace(form.Title) ? null : form.Title.Trim(),
            hash = string.IsNullOrEmpty(form.NewPassword) ? null : LocalSignIn.HashPassword(form.NewPassword),
            now = clock.UtcNow, id = form.Id ?? 0,
        };
        int id;
        if (form.Id is null)
        {
            id = (int)await connection.ExecuteScalarAsync<long>(
                "INSERT INTO users (user_name, display_name, email, title, password_hash, is_active, failed_sign_in_count, created_at) " +
                $"VALUES (@userName, @displayName, @email, @title, @hash, 1, 0, @now);{connections.Dialect.SelectNewId}", values, transaction);
        }
        else
        {
            id = form.Id.Value;
            var changed = await connection.ExecuteAsync(
                "UPDATE users SET user_name = @userName, display_name = @displayName, email = @email, title = @title, " +
                "password_hash = COALESCE(@hash, password_hash) WHERE id = @id", values, transaction);
            if (changed == 0) return (null, null, null);
            await connection.ExecuteAsync("DELETE FROM user_roles WHERE user_id = @id", new { id }, transaction);
            await connection.ExecuteAsync("DELETE FROM user_scopes WHERE user_id = @id", new { id }, transaction);
            await connection.ExecuteAsync("DELETE FROM user_sessions WHERE user_id = @id", new { id }, transaction);
        }
        foreach (var role in form.Roles.Distinct())
            await connection.ExecuteAsync("INSERT INTO user_roles (user_id, role) VALUES (@id, @role)", new { id, role }, transaction);
        var scopes = form.UnitIds.Distinct().Select(s => (ScopeTypes.Unit, s))
            .Concat(form.DistrictIds.Distinct().Select(s => (ScopeTypes.District, s)))
            .Concat(form.TeamIds.Distinct().Select(s => (ScopeTypes.Team, s)))
            .Concat(form.NetworkIds.Distinct().Select(s => (ScopeTypes.Network, s)))
            .Concat(form.Organisation ? [(ScopeTypes.Organisation, ScopeTypes.OrganisationId)] : Array.Empty<(string, int)>());
        foreach (var (scopeType, scopeId) in scopes)
            await connection.ExecuteAsync("INSERT INTO user_scopes (user_id, scope_type, scope_id) VALUES (@id, @scopeType, @scopeId)",
                new { id, scopeType, scopeId }, transaction);

        await audit.AppendAsync(connection, transaction, user.UserName, AuditActions.AdminChange, $"user:{id}",
            $"{(form.Id is null ? "created" : "edited")}; user={userName}; roles={string.Join(",", form.Roles)}; " +
            $"units={string.Join(",", form.UnitIds)}; districts={string.Join(",", form.DistrictIds)}; teams={string.Join(",", form.TeamIds)}" +
            (form.NetworkIds.Count > 0 ? $"; networks={string.Join(",", form.NetworkIds)}" : "") + (form.Organisation ? "; organisation" : "") +
            (values.hash is null ? "" : "; password set"));
        await transaction.CommitAsync();
        return (id, null, null);
    }

    private static async Task<bool> ScopesExistAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, UserForm form)
    {
        async Task<bool> AllExist(string table, List<int> ids) => ids.Count == 0 ||
            await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table} WHERE id IN @ids", new { ids = ids.Distinct().ToArray() }, transaction) == ids.Distinct().Count();
        return await AllExist("units", form.UnitIds) && await AllExist("districts", form.DistrictIds) && await AllExist("teams", form.TeamIds)
            && await AllExist("networks", form.NetworkIds);
    }
}
