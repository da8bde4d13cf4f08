using System.Runtime.InteropServices;

namespace Reimburse.LocalReader.Ocr;

/// <summary>
/// One-time set-up before the first call into Tesseract or Leptonica: OpenMP limited to one thread per engine
/// (the engine pool gives the parallelism; OpenMP threads inside each engine would only oversubscribe the cores)
/// and Leptonica's stderr chatter silenced.
/// </summary>
/// <remarks>
/// On Linux, <see cref="Environment.SetEnvironmentVariable(string, string)"/> changes only .NET's own copy of the
/// environment: native code calling getenv() never sees it. libgomp reads OMP_THREAD_LIMIT once, when it is
/// loaded (with libtesseract), so the variable is set with libc's setenv before that, and the limit libgomp
/// actually applies is read back through omp_get_thread_limit().
/// </remarks>
public static class NativeLibraries
{
    private static readonly Lock Gate = new();
    private static bool _initialized;
    private static int _ompThreadLimit;

    /// <summary>The thread limit OpenMP reports after initialisation (1 when the set-up took effect).</summary>
    public static int OmpThreadLimit
    {
        get
        {
            EnsureInitialized();
            return _ompThreadLimit;
        }
    }

    /// <summary>Tesseract's version string, e.g. "5.3.0".</summary>
    public static string TesseractVersion
    {
        get
        {
            EnsureInitialized();
            return Marshal.PtrToStringUTF8(Tess.TessVersion()) ?? "unknown";
        }
    }

    /// <summary>Idempotent and thread-safe.</summary>
    public static void EnsureInitialized()
    {
        if (Volatile.Read(ref _initialized))
        {
            return;
        }
        lock (Gate)
        {
            if (_initialized)
            {
                return;
            }
            Environment.SetEnvironmentVariable("OMP_THREAD_LIMIT", "1");
            if (LibC.setenv("OMP_THREAD_LIMIT", "1", 1) != 0)
            {
                throw new InvalidOperationException("setenv(OMP_THREAD_LIMIT) failed: errno " + Marshal.GetLastPInvokeError());
            }
            _ompThreadLimit = Gomp.omp_get_thread_limit();
            _ = Lept.setMsgSeverity(Lept.SeverityNone);
            Volatile.Write(ref _initialized, true);
        }
    }
}
