using Dapper;
using FluentValidation;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;

namespace TeamCheckup.Web.Features.Notifications;

public sealed class PreferenceRow
{
    public string? Kind { get; set; }
    public string? Delivery { get; set; }
}

/// <summary>Per event kind: at once, in the daily digest, or in the app only; and the language of the e-mails.</summary>
public sealed class PreferencesForm
{
    public List<PreferenceRow> Rows { get; set; } = [];
    public string? Language { get; set; }
    public bool MailEnabled { get; set; }
}

public sealed class PreferencesFormValidator : AbstractValidator<PreferencesForm>
{
    public PreferencesFormValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(f => f.Language).Must(l => l is not null && NotificationText.Cultures.ContainsKey(l)).WithMessage(_ => t["Notify.Preferences.Validation.Language"]);
        RuleFor(f => f.Rows).Must(r => r.Count <= NotificationKinds.All.Count).WithMessage(_ => t["Notify.Preferences.Validation.Delivery"]);
        RuleForEach(f => f.Rows).Must(r => r.Kind is not null && NotificationKinds.All.Contains(r.Kind) && r.Delivery is not null && Deliveries.All.Contains(r.Delivery))
            .WithMessage(_ => t["Notify.Preferences.Validation.Delivery"]);
    }
}

public sealed class PreferencesHandler(DbConnectionFactory connections, CurrentUser user, IOptions<NotificationOptions> options)
{
    public async Task<PreferencesForm> LoadAsync()
    {
        await using var connection = await connections.OpenAsync();
        var chosen = (await connection.QueryAsync<(string Kind, string Delivery)>(
            "SELECT kind, delivery FROM notification_preferences WHERE user_id = @id", new { id = user.Id })).ToDictionary(p => p.Kind, p => p.Delivery);
        var language = await connection.ExecuteScalarAsync<string?>("SELECT language FROM notification_recipients WHERE user_id = @id", new { id = user.Id });
        return new PreferencesForm
        {
            Rows = NotificationKinds.All.Select(k => new PreferenceRow
            {
                Kind = k,
                Delivery = NotificationKinds.IsCritical(k) ? Deliveries.Immediate : chosen.GetValueOrDefault(k, NotificationKinds.DefaultDelivery(k)),
            }).ToList(),
            Language = language ?? "nl",
            MailEnabled = options.Value.MailEnabled,
        };
    }

    /// <summary>Saves the choices; a critical kind stays "at once" whatever was posted.</summary>
    public async Task SaveAsync(PreferencesForm form)
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("DELETE FROM notification_preferences WHERE user_id = @id", new { id = user.Id }, transaction);
        var rows = form.Rows.Where(r => !NotificationKinds.IsCritical(r.Kind!)).DistinctBy(r => r.Kind)
            .Select(r => new { id = user.Id, kind = r.Kind, delivery = r.Delivery });
        await connection.ExecuteAsync("INSERT INTO notification_preferences (user_id, kind, delivery) VALUES (@id, @kind, @delivery)", rows, transaction);
        await connection.ExecuteAsync("DELETE FROM notification_recipients WHERE user_id = @id", new { id = user.Id }, transaction);
        await connection.ExecuteAsync("INSERT INTO notification_recipients (user_id, language) VALUES (@id, @language)", new { id = user.Id, language = form.Language }, transaction);
        await transaction.CommitAsync();
    }
}
