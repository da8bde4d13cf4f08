using System.CommandLine;
using Reimburse.Functions.Deployment;
using Reimburse.Functions.Local;

namespace Reimburse.Functions.Cli;

/// <summary>
/// `reimburse package`: turns a <c>dotnet publish</c> output into the Functions deployment package (folder and zip).
/// `./reimburse publish` runs the publish and then this.
/// </summary>
public static class PackageCommand
{
    public static Command Create()
    {
        var publish = new Option<DirectoryInfo>("--publish-folder") { Description = "The dotnet publish output of src/Reimburse.Functions.", Required = true };
        var output = new Option<DirectoryInfo>("--output") { Description = "Where package/ and reimburse.zip go (default: artifacts/publish in the repository)." };
        var command = new Command("package", "Assemble the Azure Functions deployment package (host.json, functions/*, the published app) as a folder and a zip.") { publish, output };
        command.SetAction(parseResult =>
        {
            var dev = DevEnvironment.Locate();
            var target = parseResult.GetValue(output)?.FullName ?? Path.Combine(dev.RepositoryRoot, "artifacts", "publish");
            // The development secrets may exist on this machine; they must not travel with the package.
            var secrets = File.Exists(dev.SecretsFile) ? dev.LoadOrCreateSecrets().Values.OfType<string>() : [];
            try
            {
                var result = DeploymentPackage.Create(parseResult.GetValue(publish)!.FullName, dev.RepositoryRoot, target, secrets);
                Console.WriteLine($"Package: {result.Folder} ({result.Files.Count} files; functions: {string.Join(", ", result.Functions)})");
                Console.WriteLine($"Zip:     {result.Zip} ({new FileInfo(result.Zip).Length / (1024 * 1024)} MiB)");
                return 0;
            }
            catch (InvalidOperationException ex)
            {
                Console.Error.WriteLine(ex.Message);
                return 1;
            }
        });
        return command;
    }
}
