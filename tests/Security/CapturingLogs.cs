using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace KissBot.Tests.Security;

/// <summary>Keeps every log entry of Warning and above, with its exception, for assertions.</summary>
public sealed class CapturingLogs : ILoggerProvider
{
    public sealed record Entry(string Category, LogLevel Level, string Message, Exception? Exception);

    private readonly ConcurrentQueue<Entry> _entries = new();
    public IReadOnlyList<Entry> Entries => _entries.ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);
    public void Dispose() { }

    private sealed class Logger(CapturingLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) owner._entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), exception));
        }
    }
}
