using Dapper;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Infrastructure.Auth;

/// <summary>
/// <c>create-admin &lt;user-name&gt; &lt;display name&gt;</c>: the first Administrator of a production
/// database (where no demo data exists). The password comes from the TEAMCHECKUP_ADMIN_PASSWORD
/// environment variable, never from the command line (which other users of the host can read).
/// </summary>
public static class CreateAdministratorVerb
{
    public const string Name = "create-admin";

    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args)
    {
        var password = Environment.GetEnvironmentVariable("TEAMCHECKUP_ADMIN_PASSWORD");
        if (args.Count < 2 || string.IsNullOrWhiteSpace(args[0]) || string.IsNullOrWhiteSpace(args[1]))
        {
            Console.Error.WriteLine("Usage: create-admin <user-name> <display name>   (password in TEAMCHECKUP_ADMIN_PASSWORD)");
            return 2;
        }
        if (password is null || password.Length < PasswordRules.MinimumLength || password.Length > PasswordRules.MaximumLength)
        {
            Console.Error.WriteLine($"Set TEAMCHECKUP_ADMIN_PASSWORD to a password of {PasswordRules.MinimumLength} to {PasswordRules.MaximumLength} characters.");
            return 2;
        }
        if (PasswordRules.IsGuessable(password, args[0]))
        {
            Console.Error.WriteLine("TEAMCHECKUP_ADMIN_PASSWORD is too easy to guess (a common password, one with only digits or symbols around it, " +
                "the user name, or a repetition or sequence); choose another.");
            return 2;
        }

        services.GetRequiredService<Migrator>().Migrate();
        var connections = services.GetRequiredService<DbConnectionFactory>();
        var userName = args[0].Trim().ToLowerInvariant();
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users WHERE user_name = @userName", new { userName }, transaction) > 0)
        {
            Console.Error.WriteLine($"A user named '{userName}' already exists; nothing changed.");
            return 1;
        }
        var now = services.GetRequiredService<Clock>().UtcNow;
        var id = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO users (user_name, display_name, password_hash, is_active, failed_sign_in_count, created_at) " +
            $"VALUES (@userName, @displayName, @hash, 1, 0, @now);{connections.Dialect.SelectNewId}",
            new { userName, displayName = args[1].Trim(), hash = LocalSignIn.HashPassword(password), now }, transaction);
        await connection.ExecuteAsync("INSERT INTO user_roles (user_id, role) VALUES (@id, @role)", new { id, role = Roles.Administrator }, transaction);
        await services.GetRequiredService<AuditTrail>().AppendAsync(connection, transaction, "command-line", AuditActions.AdminChange,
            $"user:{id}", $"created administrator {userName}");
        await transaction.CommitAsync();
        Console.WriteLine($"Administrator '{userName}' created.");
        return 0;
    }
}
