using System.Text;
using MimeKit;
using Microsoft.Extensions.Options;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Web.Features.Notifications;

/// <summary>One queued e-mail as read from the outbox: only the notification's kind and non-confidential arguments.</summary>
public sealed class OutboxMail
{
    public int Id { get; set; }
    public int UserId { get; set; }
    public int Attempts { get; set; }
    public string Email { get; set; } = "";
    public string? Language { get; set; }
    public string Kind { get; set; } = "";
    public string Arguments { get; set; } = "[]";
    public string LinkPath { get; set; } = "";
}

/// <summary>
/// Writes the e-mails: what happened, to which team, and a link from <see cref="PublicLinks"/>, in the
/// recipient's language. Nothing else is available to it: the outbox row carries no case, report or pulse text.
/// </summary>
public sealed class MailComposer(NotificationText text, PublicLinks links, IOptions<NotificationOptions> options)
{
    public MimeMessage Single(OutboxMail mail)
    {
        var culture = NotificationText.CultureFor(mail.Language);
        var line = text.Line(mail.Kind, mail.Arguments, culture);
        var body = new StringBuilder()
            .AppendLine(text.Get("Notify.Mail.Greeting", culture)).AppendLine()
            .AppendLine(line).AppendLine()
            .AppendLine(text.Get("Notify.Mail.Open", culture, links.To(mail.LinkPath)));
        return Message(mail.Email, text.Get("Notify.Mail.Subject", culture, line), Footer(body, culture), culture, $"notification-{mail.Id}");
    }

    public MimeMessage Digest(IReadOnlyList<OutboxMail> mails)
    {
        var first = mails[0];
        var culture = NotificationText.CultureFor(first.Language);
        var body = new StringBuilder()
            .AppendLine(text.Get("Notify.Mail.Greeting", culture)).AppendLine()
            .AppendLine(text.Get("Notify.Mail.Digest.Intro", culture, mails.Count)).AppendLine();
        foreach (var mail in mails)
            body.Append("- ").AppendLine(text.Line(mail.Kind, mail.Arguments, culture)).Append("  ").AppendLine(links.To(mail.LinkPath));
        return Message(first.Email, text.Get("Notify.Mail.Digest.Subject", culture, mails.Count), Footer(body, culture), culture, $"digest-{first.Id}");
    }

    private string Footer(StringBuilder body, System.Globalization.CultureInfo culture) =>
        body.AppendLine().AppendLine("-- ").AppendLine(text.Get("Notify.Mail.Footer", culture, links.To("/notifications/preferences"))).ToString();

    private MimeMessage Message(string to, string subject, string body, System.Globalization.CultureInfo culture, string id)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.Value.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        // The same id on every attempt: a mail sent again after a crash is recognisably the same mail.
        message.MessageId = $"{id}@{links.Host}";
        message.Headers.Add("Auto-Submitted", "auto-generated");
        var part = new TextPart("plain") { Text = body };
        part.Headers.Add(HeaderId.ContentLanguage, culture.TwoLetterISOLanguageName);
        message.Body = part;
        return message;
    }
}
