using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Infrastructure.Auth;

/// <summary>The <c>Authentication:Throttle</c> section: failed sign-ins one client address may make.</summary>
public sealed class SignInThrottleOptions
{
    public const string Section = "Authentication:Throttle";

    /// <summary>Failed sign-ins (any accounts) from one address within <see cref="Window"/> before it must wait.</summary>
    public int FailuresPerAddress { get; set; } = 20;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// Throttles password spraying: one address trying many accounts. Failed sign-ins are counted per
/// client address (see <c>ClientAddress</c>) in a fixed window; past the limit the address gets 429
/// with Retry-After until the window ends, before any password is checked. Successful sign-ins never
/// count, so colleagues behind the same address are only held up by a burst of failures. The counts
/// live in this node's memory only (an address is never stored); the per-account lockout is in the
/// database and holds across nodes.
/// </summary>
public sealed class SignInThrottle(Clock clock, IOptions<SignInThrottleOptions> options)
{
    private const int PruneAbove = 10_000;
    private readonly ConcurrentDictionary<string, Window> failures = new();

    /// <summary>How long <paramref name="address"/> must still wait, or null when it may try.</summary>
    public TimeSpan? RetryAfter(string address)
    {
        if (!failures.TryGetValue(address, out var window)) return null;
        var now = clock.UtcNow;
        lock (window)
        {
            var end = window.Start + options.Value.Window;
            return window.Count >= options.Value.FailuresPerAddress && now < end ? end - now : null;
        }
    }

    public void RecordFailure(string address)
    {
        var now = clock.UtcNow;
        if (failures.Count > PruneAbove) Prune(now);
        var window = failures.GetOrAdd(address, _ => new Window { Start = now });
        lock (window)
        {
            if (now >= window.Start + options.Value.Window)
            {
                window.Start = now;
                window.Count = 0;
            }
            window.Count++;
        }
    }

    private void Prune(DateTime now)
    {
        foreach (var (address, window) in failures)
            if (now >= window.Start + options.Value.Window) failures.TryRemove(address, out _);
    }

    private sealed class Window
    {
        public DateTime Start { get; set; }
        public int Count { get; set; }
    }
}
