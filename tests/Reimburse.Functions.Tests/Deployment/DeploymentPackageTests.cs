using System.Diagnostics;
using System.IO.Compression;
using Reimburse.Functions.Deployment;
using Reimburse.Testing;

namespace Reimburse.Functions.Tests.Deployment;

/// <summary>
/// Publishes the app once per test run (framework-dependent from the build the tests already made: a self-contained
/// publish from scratch takes minutes here; `./reimburse publish` adds the runtime with the same packaging code) and
/// packages it as `./reimburse publish` does.
/// </summary>
public sealed class PublishedApp : IAsyncLifetime
{
    public string Root { get; } = RepoPaths.NewTempFolder("publish");

    public string PublishFolder => Path.Combine(Root, "app");

    public PackageResult Package { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // The configuration the tests were built in (bin/Release/… or bin/Debug/…) has a build of the app to publish.
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var argument in new[] { "publish", Path.Combine("src", "Reimburse.Functions", "Reimburse.Functions.csproj"), "--no-build", "-c", configuration, "-o", PublishFolder, "--nologo", "-v", "q" })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, "dotnet publish failed: " + await output + await error);
        Package = DeploymentPackage.Create(PublishFolder, RepoPaths.Root, Path.Combine(Root, "out"), ["a-development-secret-that-must-not-ship"]);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }
}

public sealed class DeploymentPackageTests(PublishedApp published) : IClassFixture<PublishedApp>
{
    [Fact]
    public void The_package_holds_exactly_the_published_app_without_development_files_plus_host_json_and_the_functions()
    {
        var expected = Directory.EnumerateFiles(published.PublishFolder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(published.PublishFolder, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => !DeploymentPackage.IsDevelopmentOnly(f))
            .Append("host.json")
            .Concat(FunctionFolders().Select(f => f + "/function.json"))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(expected, published.Package.Files);
        using var zip = ZipFile.OpenRead(published.Package.Zip);
        Assert.Equal(expected, zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        Assert.Equal(expected, Directory.EnumerateFiles(published.Package.Folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(published.Package.Folder, f).Replace(Path.DirectorySeparatorChar, '/')).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void What_the_host_needs_is_there_and_what_development_uses_is_not()
    {
        var files = published.Package.Files;
        Assert.Contains("host.json", files);
        Assert.Contains("reimburse.dll", files);
        Assert.Contains("appsettings.json", files);
        Assert.Contains(DeploymentPackage.BankList, files);
        Assert.Contains(DeploymentPackage.ExecutableOf(Path.Combine(RepoPaths.Root, "host.json")), files);
        Assert.Equal(FunctionFolders(), published.Package.Functions);
        // The publish output does have them: the package leaves them out.
        Assert.True(File.Exists(Path.Combine(published.PublishFolder, "appsettings.Development.json")));
        Assert.DoesNotContain(files, f => f.StartsWith("appsettings.", StringComparison.Ordinal) && f != "appsettings.json");
        Assert.DoesNotContain(files, f => f.EndsWith(".pdb", StringComparison.Ordinal));
        Assert.DoesNotContain(files, f => DeploymentPackage.ForbiddenReason(f) is not null);
        Assert.DoesNotContain(files, f => f.Contains("Tests", StringComparison.Ordinal) || f.Contains("xunit", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_custom_handler_executable_is_executable_in_the_zip_and_the_folder()
    {
        var executable = DeploymentPackage.ExecutableOf(Path.Combine(RepoPaths.Root, "host.json"));
        using var zip = ZipFile.OpenRead(published.Package.Zip);
        var mode = zip.GetEntry(executable)!.ExternalAttributes >> 16;
        Assert.Equal(0x8000, mode & 0xF000);
        Assert.NotEqual(0, mode & 0b001_000_000);
        Assert.Equal(0, zip.GetEntry("host.json")!.ExternalAttributes >> 16 & 0b001_001_001);
        if (!OperatingSystem.IsWindows())
        {
            Assert.True((File.GetUnixFileMode(Path.Combine(published.Package.Folder, executable)) & UnixFileMode.UserExecute) != 0);
        }
    }

    [Fact]
    public void Every_function_definition_is_copied_unchanged_to_the_package_root()
    {
        foreach (var name in FunctionFolders())
        {
            Assert.Equal(
                File.ReadAllBytes(Path.Combine(RepoPaths.Root, DeploymentPackage.FunctionsFolder, name, "function.json")),
                File.ReadAllBytes(Path.Combine(published.Package.Folder, name, "function.json")));
        }
    }

    [Theory]
    [InlineData("local.settings.json")]
    [InlineData(".data/dev-secrets.json")]
    [InlineData("Reimburse.Functions.Tests.dll")]
    [InlineData("xunit.core.dll")]
    [InlineData("certs/server.pfx")]
    public void A_publish_output_holding_local_settings_secrets_or_tests_is_refused(string file)
    {
        var root = RepoPaths.NewTempFolder("package");
        try
        {
            var publish = FakePublish(root);
            Write(Path.Combine(publish, file), "x");
            var ex = Assert.Throws<InvalidOperationException>(() => DeploymentPackage.Create(publish, RepoPaths.Root, Path.Combine(root, "out")));
            Assert.Contains(file, ex.Message, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(root, "out", DeploymentPackage.ZipName)));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData("Storage__ConnectionString=DefaultEndpointsProtocol=https;AccountName=a;AccountKey=abc")]
    [InlineData("-----BEGIN PRIVATE KEY-----")]
    [InlineData("{\"ClaimCodes\":{\"HmacKey\":\"a-development-secret-that-must-not-ship\"}}")]
    public void Secrets_anywhere_in_the_package_stop_the_packaging_and_leave_nothing_behind(string content)
    {
        var root = RepoPaths.NewTempFolder("package");
        try
        {
            var publish = FakePublish(root);
            Write(Path.Combine(publish, "appsettings.json"), content);
            var ex = Assert.Throws<InvalidOperationException>(() => DeploymentPackage.Create(publish, RepoPaths.Root, Path.Combine(root, "out"), ["a-development-secret-that-must-not-ship"]));
            Assert.Contains("appsettings.json", ex.Message, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(root, "out", DeploymentPackage.ZipName)));
            Assert.False(Directory.Exists(Path.Combine(root, "out", DeploymentPackage.PackageFolderName)));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Without_the_bank_list_the_app_could_not_start_so_there_is_no_package()
    {
        var root = RepoPaths.NewTempFolder("package");
        try
        {
            var publish = FakePublish(root);
            File.Delete(Path.Combine(publish, DeploymentPackage.BankList));
            var ex = Assert.Throws<InvalidOperationException>(() => DeploymentPackage.Create(publish, RepoPaths.Root, Path.Combine(root, "out")));
            Assert.Contains("npm ci", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void The_same_inputs_make_the_same_zip()
    {
        var root = RepoPaths.NewTempFolder("package");
        try
        {
            var publish = FakePublish(root);
            var first = File.ReadAllBytes(DeploymentPackage.Create(publish, RepoPaths.Root, Path.Combine(root, "one")).Zip);
            Thread.Sleep(1100);
            var second = File.ReadAllBytes(DeploymentPackage.Create(publish, RepoPaths.Root, Path.Combine(root, "two")).Zip);
            Assert.Equal(first, second);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static List<string> FunctionFolders() =>
        [.. Directory.EnumerateDirectories(Path.Combine(RepoPaths.Root, DeploymentPackage.FunctionsFolder))
            .Where(d => File.Exists(Path.Combine(d, "function.json")))
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal)];

    // The smallest publish output the packaging accepts: the executable, the app and the bank list.
    private static string FakePublish(string root)
    {
        var publish = Path.Combine(root, "app");
        Write(Path.Combine(publish, "reimburse"), "#!/bin/sh\n");
        Write(Path.Combine(publish, "reimburse.dll"), "MZ");
        Write(Path.Combine(publish, "appsettings.json"), "{}");
        Write(Path.Combine(publish, DeploymentPackage.BankList), "module.exports = {};");
        return publish;
    }

    private static void Write(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
