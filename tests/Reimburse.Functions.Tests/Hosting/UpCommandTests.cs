using System.Diagnostics;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using Reimburse.Testing;

namespace Reimburse.Functions.Tests.Hosting;

/// <summary>`reimburse up` as a developer runs it: healthy within a minute, and Ctrl-C leaves no process behind.</summary>
public sealed partial class UpCommandTests
{
    private const int SigInt = 2;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [Fact]
    public async Task Up_serves_a_healthy_app_and_ctrl_c_stops_everything_it_started()
    {
        var dataFolder = RepoPaths.NewTempFolder("up");
        // Through env(1) with SIGINT back to its default: a test host started in the background (a CI script, `cmd &`)
        // hands its children SIGINT ignored, and .NET keeps an inherited "ignored" — Ctrl-C would then never arrive.
        var psi = new ProcessStartInfo("env")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var arg in new[] { "--default-signal=INT", "dotnet", Path.Combine(AppContext.BaseDirectory, "reimburse.dll"), "up", "--port", "0", "--data-folder", dataFolder })
        {
            psi.ArgumentList.Add(arg);
        }
        psi.Environment.Remove("Storage__ConnectionString");
        using var process = Process.Start(psi)!;
        var appUrl = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            output.Enqueue(e.Data);
            var trimmed = e.Data.Trim();
            if (trimmed.StartsWith("App:", StringComparison.Ordinal))
            {
                appUrl.TrySetResult(trimmed["App:".Length..].Trim().TrimEnd('/'));
            }
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var started = Stopwatch.StartNew();
            var exited = process.WaitForExitAsync();
            var first = await Task.WhenAny(appUrl.Task, exited, Task.Delay(TimeSpan.FromSeconds(90)));
            Assert.True(first == appUrl.Task, "up printed no URL (exited: " + process.HasExited + "):\n" + string.Join('\n', output));
            var url = await appUrl.Task;
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            string status;
            do
            {
                var response = await http.GetAsync(new Uri(url + "/healthz"));
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                status = json.RootElement.GetProperty("status").GetString()!;
                if (status != "healthy")
                {
                    await Task.Delay(250);
                }
            }
            while (status != "healthy" && started.Elapsed < TimeSpan.FromSeconds(60));
            Assert.True(status == "healthy", "not healthy within a minute:\n" + string.Join('\n', output));

            Assert.Equal(0, Kill(process.Id, SigInt));
            Assert.True(process.WaitForExit(60_000), "up did not stop within 60 s of Ctrl-C");
            Assert.Equal(0, process.ExitCode);
            await Task.Delay(500);
            Assert.Empty(ProcessesMentioning(dataFolder));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            foreach (var pid in ProcessesMentioning(dataFolder))
            {
                try
                {
                    Process.GetProcessById(pid).Kill(entireProcessTree: true);
                }
                catch (ArgumentException)
                {
                }
            }
        }
    }

    /// <summary>Processes whose command line names <paramref name="text"/> (Azurite is started with its data folder).</summary>
    private static List<int> ProcessesMentioning(string text)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains(text, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return found;
    }
}
