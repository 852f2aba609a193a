using TeamCheckup.Web.Infrastructure.Auth;

namespace TeamCheckup.Tests.Infrastructure.Auth;

/// <summary>The rules a new password meets (<see cref="PasswordRules"/>), on the shipped list of common passwords.</summary>
public sealed class PasswordRulesTests
{
    [Test]
    public void The_shipped_list_holds_the_ten_thousand_common_passwords()
    {
        var file = Path.Combine(Support.RepositoryPaths.Root, "src/TeamCheckup.Web/Infrastructure/Auth/CommonPasswords/10-million-password-list-top-10000.txt");
        var lines = File.ReadAllLines(file);
        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Length.EqualTo(10_000));
            Assert.That(lines.Take(3), Is.EqualTo(new[] { "123456", "password", "12345678" }), "most common first");
            Assert.That(PasswordRules.CommonPasswordCount, Is.EqualTo(lines.Select(l => l.ToLowerInvariant()).Distinct().Count()), "every line is embedded");
            Assert.That(File.Exists(Path.Combine(Path.GetDirectoryName(file)!, "LICENSE.txt")), Is.True, "its licence ships beside it");
        });
    }

    [TestCase("1qaz2wsx3edc", Description = "on the list, 12 characters")]
    [TestCase("QAZWSXEDCRFV", Description = "on the list, other case")]
    [TestCase("Password2026!", Description = "listed word, digits and symbols after")]
    [TestCase("2026!sunshine", Description = "listed word, digits and symbols before")]
    [TestCase("#Iloveyou#2026", Description = "both sides")]
    [TestCase("aaaaaaaaaaaaaaa", Description = "one character")]
    [TestCase("abcabcabcabcabc", Description = "three characters repeated")]
    [TestCase("abcdefghijklmn", Description = "ascending letters")]
    [TestCase("890123456789", Description = "ascending digits, wrapping")]
    [TestCase("987654321098", Description = "descending digits, wrapping")]
    public void A_guessable_password_is_refused(string password) =>
        Assert.That(PasswordRules.IsGuessable(password, "j.jansen"), Is.True);

    [Test]
    public void A_password_containing_the_user_name_is_refused()
    {
        Assert.That(PasswordRules.IsGuessable("Mijn-j.Jansen-2026", "j.jansen"), Is.True);
        Assert.That(PasswordRules.IsGuessable("Mijn-j.Jansen-2026", "p.pietersen"), Is.False);
    }

    [TestCase("Demo-wachtwoord-2026")]
    [TestCase("Drie groene fietsen in de regen")]
    [TestCase("Een-lang-wachtwoord-2026")]
    [TestCase("Password-manager-rocks")]
    [TestCase("1qaz2wsx3edc-plus-een-zin")]
    public void A_good_password_is_accepted(string password) =>
        Assert.That(PasswordRules.IsGuessable(password, "j.jansen"), Is.False);
}
