using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using System.IO.Pipelines;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using SmtpServer.ComponentModel;
using SmtpServer.IO;
using SmtpServer.Net;
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
        services.Add(new NoDelayListeners());
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

    /// <summary>
    /// The package's own listener leaves Nagle's algorithm on for accepted sockets: with the client's delayed
    /// acknowledgement, every reply that follows another (MailKit pipelines MAIL FROM and RCPT TO) waited ~40 ms, so the
    /// server measured the kernel's timers rather than the app (22 mails/s). Real relays (Postfix, Exchange) answer
    /// without that delay; this listener accepts the same way with TCP_NODELAY on.
    /// </summary>
    private sealed class NoDelayListeners : IEndpointListenerFactory
    {
        public IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
        {
            var listener = new TcpListener(endpointDefinition.Endpoint);
            listener.Start();
            return new Listener(listener);
        }

        private sealed class Listener(TcpListener listener) : IEndpointListener
        {
            public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
            {
                var client = await listener.AcceptTcpClientAsync(cancellationToken);
                client.NoDelay = true;
                return new Pipe(client);
            }

            public void Dispose() => listener.Stop();
        }

        private sealed class Pipe : ISecurableDuplexPipe
        {
            private readonly TcpClient client;
            private Stream stream;

            public Pipe(TcpClient client)
            {
                this.client = client;
                stream = client.GetStream();
                Open(stream);
            }

            public PipeReader Input { get; private set; } = null!;
            public PipeWriter Output { get; private set; } = null!;
            public bool IsSecure => stream is System.Net.Security.SslStream;
            public SslProtocols SslProtocol => (stream as System.Net.Security.SslStream)?.SslProtocol ?? SslProtocols.None;

            private void Open(Stream inner)
            {
                Input = PipeReader.Create(inner, new StreamPipeReaderOptions(leaveOpen: true));
                Output = PipeWriter.Create(inner, new StreamPipeWriterOptions(leaveOpen: true));
            }

            public async Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default)
            {
                var secure = new System.Net.Security.SslStream(stream, leaveInnerStreamOpen: true);
                await secure.AuthenticateAsServerAsync(certificate, clientCertificateRequired: false, protocols, checkCertificateRevocation: false);
                stream = secure;
                Open(secure);
            }

            public void Dispose()
            {
                stream.Dispose();
                client.Dispose();
            }
        }
    }
}
