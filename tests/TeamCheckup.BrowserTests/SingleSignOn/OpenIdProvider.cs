using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TeamCheckup.BrowserTests.SingleSignOn;

/// <summary>An account at the test provider: its password, where its claims appear and the claims themselves.</summary>
public sealed record ProviderAccount(string Password, string ClaimsIn, Dictionary<string, object> Claims);

/// <summary>
/// The real OpenID provider of the single sign-on tests: <c>tests/oidc-provider/provider.mjs</c> (panva's
/// oidc-provider) as a child process on a loopback port. Accounts live in a JSON file the provider re-reads on
/// every use; every request and logout event it handles comes back as a JSON line (<see cref="Events"/>).
/// </summary>
public sealed class OpenIdProvider : IDisposable
{
    public const string ClientId = "teamcheckup";
    public const string ClientSecret = "teamcheckup-test-secret";

    private readonly string folder;
    private readonly string appUrl;
    private readonly ConcurrentQueue<JsonObject> events = new();
    private readonly ConcurrentQueue<string> errors = new();
    private Process? process;
    private int port;

    private OpenIdProvider(string folder, string appUrl)
    {
        this.folder = folder;
        this.appUrl = appUrl;
    }

    public Uri Issuer { get; private set; } = null!;
    public string AccountsFile => Path.Combine(folder, "accounts.json");

    /// <summary>The provider's signing key (a private RSA JWK), for tests that forge or sign logout tokens.</summary>
    public string KeysFile => Path.Combine(folder, "keys.json");

    public IReadOnlyList<JsonObject> Events => events.ToList();

    public static async Task<OpenIdProvider> StartAsync(string folder, string appUrl, IReadOnlyDictionary<string, ProviderAccount> accounts)
    {
        var provider = new OpenIdProvider(folder, appUrl);
        provider.WriteAccounts(accounts);
        await provider.StartAsync();
        return provider;
    }

    public void WriteAccounts(IReadOnlyDictionary<string, ProviderAccount> accounts)
    {
        var json = new JsonObject();
        foreach (var (login, account) in accounts)
            json[login] = new JsonObject
            {
                ["password"] = account.Password,
                ["claimsIn"] = account.ClaimsIn,
                ["claims"] = JsonSerializer.SerializeToNode(account.Claims),
            };
        var temporary = AccountsFile + ".tmp";
        File.WriteAllText(temporary, json.ToJsonString());
        File.Move(temporary, AccountsFile, overwrite: true); // the provider never reads half a file
    }

    /// <summary>Starts the provider (again, on the same port after <see cref="Stop"/>) and waits until it listens.</summary>
    public async Task StartAsync()
    {
        var script = Path.Combine(RepositoryRoot(), "tests", "oidc-provider", "provider.mjs");
        if (!Directory.Exists(Path.Combine(Path.GetDirectoryName(script)!, "node_modules")))
            throw new InvalidOperationException(
                "tests/oidc-provider/node_modules is missing, so the real OpenID provider cannot start. Run ./test.sh (it runs `npm ci` there), " +
                "or run `npm ci` in tests/oidc-provider yourself.");
        var info = new ProcessStartInfo(FindNode(), [script])
        {
            WorkingDirectory = Path.GetDirectoryName(script)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["APP_URL"] = appUrl;
        info.Environment["ACCOUNTS_FILE"] = AccountsFile;
        info.Environment["KEYS_FILE"] = KeysFile;
        info.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["CLIENT_ID"] = ClientId;
        info.Environment["CLIENT_SECRET"] = ClientSecret;

        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Read(e.Data, ready);
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) errors.Enqueue(e.Data); };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("the OpenID provider exited: " + string.Join("\n", errors)));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Issuer = await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
        port = Issuer.Port;
    }

    /// <summary>Ends the provider process (as an outage would).</summary>
    public void Stop()
    {
        if (process is null) return;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        process.Dispose();
        process = null;
    }

    /// <summary>The events of one kind since <paramref name="mark"/> (a count of <see cref="Events"/> taken earlier).</summary>
    public IReadOnlyList<JsonObject> EventsSince(int mark, string kind) =>
        Events.Skip(mark).Where(e => (string?)e["event"] == kind).ToList();

    public void Dispose() => Stop();

    private void Read(string? line, TaskCompletionSource<Uri> ready)
    {
        if (string.IsNullOrWhiteSpace(line) || !line.StartsWith('{')) return;
        try
        {
            var json = JsonNode.Parse(line)!.AsObject();
            events.Enqueue(json);
            if ((string?)json["event"] == "ready") ready.TrySetResult(new Uri((string)json["issuer"]!));
        }
        catch (JsonException)
        {
            errors.Enqueue(line);
        }
    }

    private static string FindNode()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "node"))
            .FirstOrDefault(File.Exists);
        return found ?? throw new InvalidOperationException(
            "Node.js is not installed, so the single sign-on tests cannot run their OpenID provider. Install Node.js 20 or later with npm and run ./test.sh.");
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "TeamCheckup.sln"))) return folder.FullName;
        throw new InvalidOperationException("TeamCheckup.sln not found above " + AppContext.BaseDirectory);
    }
}
