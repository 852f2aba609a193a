using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TeamCheckup.Tests.Support;

/// <summary>
/// Records the SQL text of every statement SQLite runs on one database file, whichever connection
/// (pooled or not) the app uses. It registers an auto-extension with the e_sqlite3 library that
/// Microsoft.Data.Sqlite itself loads, so every connection opened afterwards gets a
/// <c>sqlite3_trace_v2(SQLITE_TRACE_STMT)</c> callback; the callback keeps statements whose main
/// database is the file being watched. What is recorded is SQLite's own account of what ran (each
/// statement of a multi-statement command separately, with Dapper's list parameters expanded).
/// </summary>
public static unsafe class SqliteStatementCapture
{
    private const string Library = "e_sqlite3";
    private const uint TraceStatement = 0x01; // SQLITE_TRACE_STMT

    private static readonly Lock Gate = new();
    private static bool installed;
    private static volatile Recording? active;

    /// <summary>Starts recording statements on <paramref name="databaseFile"/>; stop by disposing the result.
    /// Only connections opened after the first call are traced, so call it before the app opens the file.</summary>
    public static Recording Start(string databaseFile)
    {
        lock (Gate)
        {
            if (!installed)
            {
                // Microsoft.Data.Sqlite initialises SQLitePCL on first use; make sure that happened so we
                // hook the very library instance it uses.
                using (var probe = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:")) probe.Open();
                var rc = sqlite3_auto_extension((IntPtr)(delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, int>)&OnOpen);
                if (rc != 0) throw new InvalidOperationException($"sqlite3_auto_extension failed: {rc}");
                installed = true;
            }
            if (active is not null) throw new InvalidOperationException("Another recording is running");
            var recording = new Recording(Path.GetFullPath(databaseFile));
            active = recording;
            return recording;
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnOpen(IntPtr db, IntPtr errorMessage, IntPtr api)
    {
        sqlite3_trace_v2(db, TraceStatement, (IntPtr)(delegate* unmanaged[Cdecl]<uint, IntPtr, IntPtr, IntPtr, int>)&OnTrace, IntPtr.Zero);
        return 0; // SQLITE_OK
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnTrace(uint type, IntPtr context, IntPtr statement, IntPtr text)
    {
        try
        {
            var recording = active;
            if (recording is null || type != TraceStatement || text == IntPtr.Zero) return 0;
            var file = Marshal.PtrToStringUTF8(sqlite3_db_filename(sqlite3_db_handle(statement), "main"));
            if (string.Equals(file, recording.DatabaseFile, StringComparison.Ordinal))
                recording.Statements.Enqueue(Marshal.PtrToStringUTF8(text) ?? "");
        }
        catch
        {
            // never let an exception cross into native code
        }
        return 0;
    }

    public sealed class Recording(string databaseFile) : IDisposable
    {
        public string DatabaseFile { get; } = databaseFile;
        public ConcurrentQueue<string> Statements { get; } = new();

        public void Dispose()
        {
            lock (Gate)
                if (ReferenceEquals(active, this)) active = null;
        }
    }

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern int sqlite3_auto_extension(IntPtr entryPoint);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern int sqlite3_trace_v2(IntPtr db, uint mask, IntPtr callback, IntPtr context);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern IntPtr sqlite3_db_handle(IntPtr statement);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern IntPtr sqlite3_db_filename(IntPtr db, [MarshalAs(UnmanagedType.LPUTF8Str)] string name);
}
