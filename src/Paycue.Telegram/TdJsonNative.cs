using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Paycue.Telegram;

/// <summary>
/// The P/Invoke binding of TDLib's JSON interface (<c>td_json_client.h</c>, TDLib 1.8): one process-wide
/// TDLib instance manager, clients named by integer ids, requests and answers as UTF-8 JSON strings.
/// Strings TDLib returns stay valid only until the next receive or execute call on the same thread,
/// so every wrapper copies them into a managed string before returning.
/// </summary>
public static unsafe partial class TdJsonNative
{
    private const string LibraryName = "tdjson";

    private static readonly Lock LoadGate = new();
    private static nint s_handle;
    private static Action<int, string>? s_logSink;

    static TdJsonNative()
    {
        // The resolver maps our logical name to the file TdLibraryLocator picks, so neither LD_LIBRARY_PATH
        // nor a copy in the output folder is needed in a source checkout.
        NativeLibrary.SetDllImportResolver(typeof(TdJsonNative).Assembly, Resolve);
    }

    /// <summary>
    /// Loads the library now, failing with a sentence that says where it was looked for.
    /// Every other member calls it, so calling it explicitly only moves the failure earlier.
    /// </summary>
    public static void EnsureLoaded()
    {
        if (Volatile.Read(ref s_handle) != 0)
        {
            return;
        }

        lock (LoadGate)
        {
            if (s_handle != 0)
            {
                return;
            }

            var path = TdLibraryLocator.Find() ?? throw new DllNotFoundException(TdLibraryLocator.DescribeMissing());
            s_handle = NativeLibrary.Load(path);
        }
    }

    /// <summary>Reserves a new client id; TDLib creates the client itself when the first request is sent to it.</summary>
    public static int CreateClientId()
    {
        EnsureLoaded();
        return NativeCreateClientId();
    }

    /// <summary>Queues a request for a client. Safe from any thread; never blocks on the network.</summary>
    public static void Send(int clientId, string request)
    {
        ArgumentNullException.ThrowIfNull(request);
        EnsureLoaded();
        NativeSend(clientId, request);
    }

    /// <summary>
    /// Waits up to <paramref name="timeoutSeconds"/> for the next update or answer of any client of the process.
    /// Must not be called from two threads at once; <see cref="TdReceiveLoop"/> is the only caller.
    /// </summary>
    public static string? Receive(double timeoutSeconds)
    {
        EnsureLoaded();
        return Marshal.PtrToStringUTF8(NativeReceive(timeoutSeconds));
    }

    /// <summary>Runs one of the few requests TDLib answers synchronously (log settings, text parsing).</summary>
    public static string? Execute(string request)
    {
        ArgumentNullException.ThrowIfNull(request);
        EnsureLoaded();
        return Marshal.PtrToStringUTF8(NativeExecute(request));
    }

    /// <summary>
    /// Routes TDLib's internal log lines up to <paramref name="maxVerbosityLevel"/> to <paramref name="sink"/>,
    /// or stops routing when the sink is null. The sink runs on TDLib's threads and must not call TDLib.
    /// </summary>
    internal static void SetLogSink(int maxVerbosityLevel, Action<int, string>? sink)
    {
        EnsureLoaded();
        Volatile.Write(ref s_logSink, sink);
        NativeSetLogMessageCallback(maxVerbosityLevel, sink is null ? null : &OnLogMessage);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnLogMessage(int verbosityLevel, byte* message)
    {
        // An exception escaping into native code would take the process down: swallow everything.
        try
        {
            var sink = Volatile.Read(ref s_logSink);
            var text = Marshal.PtrToStringUTF8((nint)message);
            if (sink is not null && text is not null)
            {
                sink(verbosityLevel, text);
            }
        }
        catch
        {
            // Nothing sensible to do with a failure while logging.
        }
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != LibraryName)
        {
            return 0;
        }

        EnsureLoaded();
        return s_handle;
    }

    [LibraryImport(LibraryName, EntryPoint = "td_create_client_id")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    private static partial int NativeCreateClientId();

    [LibraryImport(LibraryName, EntryPoint = "td_send", StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    private static partial void NativeSend(int clientId, string request);

    // Returned as a raw pointer: TDLib owns the buffer, and a string return type would make the marshaller free it.
    [LibraryImport(LibraryName, EntryPoint = "td_receive")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    private static partial nint NativeReceive(double timeout);

    [LibraryImport(LibraryName, EntryPoint = "td_execute", StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    private static partial nint NativeExecute(string request);

    [LibraryImport(LibraryName, EntryPoint = "td_set_log_message_callback")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    private static partial void NativeSetLogMessageCallback(int maxVerbosityLevel, delegate* unmanaged[Cdecl]<int, byte*, void> callback);
}
