using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace TeamCheckup.Tests.Support;

/// <summary>
/// A real SMTP server in this process (the SmtpServer package) on a free loopback port: what the app sends over
/// SMTP arrives here and is parsed with MimeKit. Also used by the benchmark (linked into bench/TeamCheckup.Bench).
/// </summary>
public sealed class MailCatcher : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly SmtpServer.SmtpServer server;
    private readonly Task running;
    private readonly Store store;

    private MailCatcher(int port, bool keepMessages)
    {
        Port = port;
        store = new Store(keepMessages);
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(store);
        server = new SmtpServer.SmtpServer(options, services);
        running = server.StartAsync(stop.Token);
    }

    public int Port { get; }
    public int Count => store.Count;
    public IReadOnlyList<MimeMessage> Messages => store.Messages.ToList();

    /// <summary>Starts a server; <paramref name="port"/> 0 takes a free one.</summary>
    public static MailCatcher Start(int port = 0, bool keepMessages = true) => new(port == 0 ? FreePort() : port, keepMessages);

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>The app's settings to send here.</summary>
    public IReadOnlyDictionary<string, string?> Settings => SettingsFor(Port);

    public static Dictionary<string, string?> SettingsFor(int port) => new()
    {
        ["Notifications:Smtp:Host"] = "127.0.0.1",
        ["Notifications:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Notifications:Smtp:Security"] = "None",
        ["Notifications:From"] = "TeamCheckup <noreply@teamcheckup.politie.example>",
    };

    public async ValueTask DisposeAsync()
    {
        server.Shutdown();
        await stop.CancelAsync();
        try { await running.WaitAsync(TimeSpan.FromSeconds(5)); }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException) { }
        stop.Dispose();
    }

    private sealed class Store(bool keep) : MessageStore
    {
        private int count;
        public ConcurrentQueue<MimeMessage> Messages { get; } = new();
        public int Count => Volatile.Read(ref count);

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (keep)
            {
                await using var stream = new MemoryStream(buffer.ToArray());
                Messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            }
            Interlocked.Increment(ref count);
            return SmtpResponse.Ok;
        }
    }
}
