using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace TeamCheckup.Tests.Support;

/// <summary>Keeps the app's warnings and errors (or, with <see cref="MinimumLevel"/> lowered, everything the app's
/// log filters let through) in memory instead of writing JSON lines to the console.</summary>
public sealed class TestLog : ILoggerProvider
{
    public LogLevel MinimumLevel { get; set; } = LogLevel.Warning;

    public ConcurrentQueue<(LogLevel Level, string Category, string Message, Exception? Exception)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(TestLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= log.MinimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) log.Entries.Enqueue((logLevel, category, formatter(state, exception), exception));
        }
    }
}
