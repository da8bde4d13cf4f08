using System.ComponentModel;
using System.Diagnostics;

namespace Reimburse.LocalReader.Tools;

/// <summary>The outcome of one tool run.</summary>
internal sealed record ToolResult(int ExitCode, byte[] Output, string Error, bool TimedOut)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;
}

/// <summary>
/// Runs a command-line tool (poppler, chromium) directly — never through a shell: the program path and each
/// argument are passed as they are, in a private working folder, with a time limit after which the whole process
/// tree is killed.
/// </summary>
internal static class ToolRunner
{
    private const int MaxErrorChars = 4000;

    /// <summary>Runs <paramref name="program"/>; throws <see cref="FileNotFoundException"/> when it is not installed.</summary>
    public static async Task<ToolResult> RunAsync(
        string program,
        IEnumerable<string> arguments,
        string workingDirectory,
        TimeSpan timeout,
        CancellationToken cancellationToken,
        long maxOutputBytes = 64L * 1024 * 1024,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            CreateNoWindow = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // Tools get a minimal, predictable environment: no inherited secrets, a private HOME and TMPDIR.
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/bin:/bin";
        start.Environment["HOME"] = workingDirectory;
        start.Environment["TMPDIR"] = workingDirectory;
        start.Environment["LANG"] = "C.UTF-8";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new FileNotFoundException($"The tool {program} could not be started: {ex.Message}", program, ex);
        }

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        var outputTask = ReadLimitedAsync(process.StandardOutput.BaseStream, maxOutputBytes, timeoutSource.Token);
        var errorTask = process.StandardError.ReadToEndAsync(timeoutSource.Token);
        try
        {
            var exited = process.WaitForExitAsync(timeoutSource.Token);
            // Output over the limit ends the run at once: the tool would otherwise block on the full pipe until the
            // time limit, holding a worker (a crafted document can make a tool write without end).
            if (await Task.WhenAny(exited, outputTask) == outputTask && outputTask.IsFaulted)
            {
                await outputTask;
            }
            await exited;
            var output = await outputTask;
            var error = await errorTask;
            return new ToolResult(process.ExitCode, output, Truncate(error), TimedOut: false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            cancellationToken.ThrowIfCancellationRequested();
            return new ToolResult(-1, [], "timed out after " + timeout, TimedOut: true);
        }
        catch (InvalidDataException)
        {
            // Output over the limit.
            Kill(process);
            return new ToolResult(-1, [], "output exceeded " + maxOutputBytes + " bytes", TimedOut: false);
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
    }

    private static async Task<byte[]> ReadLimitedAsync(Stream stream, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new InvalidDataException("Tool output too large.");
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static string Truncate(string text) => text.Length <= MaxErrorChars ? text : text[..MaxErrorChars];
}
