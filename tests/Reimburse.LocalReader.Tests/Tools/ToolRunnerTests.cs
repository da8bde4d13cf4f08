using System.Diagnostics;
using Reimburse.LocalReader.Tools;

namespace Reimburse.LocalReader.Tests.Tools;

public sealed class ToolRunnerTests : IDisposable
{
    private readonly PrivateTempFolder _folder = PrivateTempFolder.Create(null, "tool-runner-test");

    [Fact]
    public async Task A_tool_that_writes_past_the_output_limit_is_stopped_at_once_not_at_its_time_limit()
    {
        var watch = Stopwatch.StartNew();
        // `yes` writes without end, as a tool fed a crafted document might.
        var result = await ToolRunner.RunAsync("/usr/bin/yes", ["statement"], _folder.Path, TimeSpan.FromSeconds(60), CancellationToken.None, maxOutputBytes: 64 * 1024);

        Assert.False(result.TimedOut);
        Assert.False(result.Succeeded);
        Assert.Contains("output exceeded", result.Error, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task A_tool_within_its_limits_gives_its_output_and_exit_code()
    {
        var result = await ToolRunner.RunAsync("/usr/bin/head", ["-c", "5", "/dev/zero"], _folder.Path, TimeSpan.FromSeconds(30), CancellationToken.None, maxOutputBytes: 64 * 1024);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(5, result.Output.Length);
    }

    public void Dispose() => _folder.Dispose();
}
