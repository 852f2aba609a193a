using System.Globalization;
using Dapper;
using FluentValidation;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Checkups;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Features.Privacy;

namespace TeamCheckup.Web.Features.Settings;

/// <summary>The defaults a round copies when its pulse opens (SPEC §9 P2). Changing them never touches a round already open.</summary>
public sealed class AnonymitySettingsForm
{
    public int? K { get; set; }
    public int? Kc { get; set; }
    public int? PulseWindowDays { get; set; }
}

public sealed class AnonymitySettingsFormValidator : AbstractValidator<AnonymitySettingsForm>
{
    public AnonymitySettingsFormValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(f => f.K).NotNull().InclusiveBetween(Thresholds.MinimumK, 50).WithName(_ => t["Settings.K"]);
        RuleFor(f => f.Kc).NotNull().InclusiveBetween(Thresholds.MinimumK, 100).WithName(_ => t["Settings.Kc"]);
        RuleFor(f => f.Kc).GreaterThanOrEqualTo(f => f.K).When(f => f.K.HasValue && f.Kc.HasValue).WithMessage(_ => t["Settings.Validation.KcBelowK"]);
        RuleFor(f => f.PulseWindowDays).NotNull().InclusiveBetween(1, OpenPulseForm.MaxWindowDays).WithName(_ => t["Pulse.WindowDays"]);
    }
}

public sealed class AnonymitySettingsHandler(DbConnectionFactory connections, AuditTrail audit, CurrentUser user)
{
    public const string KName = ThresholdSettings.KName, KcName = ThresholdSettings.KcName, WindowName = "pulse.window_days";

    public async Task<AnonymitySettingsForm> LoadAsync()
    {
        await using var connection = await connections.OpenAsync();
        var values = (await connection.QueryAsync<(string Name, string Value)>(
                "SELECT name, value FROM settings WHERE name IN @names", new { names = new[] { KName, KcName, WindowName } }))
            .ToDictionary(v => v.Name, v => int.Parse(v.Value, CultureInfo.InvariantCulture));
        return new AnonymitySettingsForm
        {
            K = values.GetValueOrDefault(KName, Thresholds.Default.K),
            Kc = values.GetValueOrDefault(KcName, Thresholds.Default.Kc),
            PulseWindowDays = values.GetValueOrDefault(WindowName, 14),
        };
    }

    public async Task SaveAsync(AnonymitySettingsForm form)
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var (name, value) in new[] { (KName, form.K!.Value), (KcName, form.Kc!.Value), (WindowName, form.PulseWindowDays!.Value) })
        {
            var text = value.ToString(CultureInfo.InvariantCulture);
            if (await connection.ExecuteAsync("UPDATE settings SET value = @text WHERE name = @name", new { text, name }, transaction) == 0)
                await connection.ExecuteAsync("INSERT INTO settings (name, value) VALUES (@name, @text)", new { text, name }, transaction);
        }
        await audit.AppendAsync(connection, transaction, user.UserName, AuditActions.AdminChange, "settings:anonymity",
            $"k={form.K}; kc={form.Kc}; window={form.PulseWindowDays}");
        await transaction.CommitAsync();
    }
}
