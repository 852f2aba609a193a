namespace TeamCheckup.Web.Features.Notifications;

public enum SmtpSecurity { None, StartTls, SslOnConnect }

/// <summary>The <c>Notifications</c> section (README "Configuration" documents each key).</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>The sender address of every e-mail.</summary>
    public string From { get; set; } = "TeamCheckup <noreply@teamcheckup.local>";

    /// <summary>The organisation's hour (0–23) at which the daily digest goes out.</summary>
    public int DigestHour { get; set; } = 7;

    /// <summary>Attempts per e-mail before it is given up (and logged); waits double from 1 minute up to 6 hours.</summary>
    public int MaxAttempts { get; set; } = 12;

    /// <summary>E-mails claimed and sent per batch over one SMTP connection.</summary>
    public int BatchSize { get; set; } = 200;

    public EscalationOptions Escalation { get; set; } = new();

    public bool MailEnabled => !string.IsNullOrWhiteSpace(Smtp.Host);
}

public sealed class SmtpOptions
{
    /// <summary>Empty: no e-mail at all, the inbox only.</summary>
    public string Host { get; set; } = "";
    public int Port { get; set; } = 25;
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;
    public string UserName { get; set; } = "";
    public string Password { get; set; } = "";
}

/// <summary>The escalation ladder's steps, in days.</summary>
public sealed class EscalationOptions
{
    /// <summary>A round not completed this many days after its period began is overdue (its lead is reminded).</summary>
    public int RoundOverdueAfterDays { get; set; } = Organisation.CheckupPeriod.OverdueAfterDays;

    /// <summary>Still overdue this many days later: the chief and the HRM advisor are told (at once when the team has no lead).</summary>
    public int RoundEscalateAfterDays { get; set; } = 14;

    /// <summary>An open agreement reminds the team lead this many days before its due date.</summary>
    public int AgreementDueSoonDays { get; set; } = 7;
}
