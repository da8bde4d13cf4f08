using System.CommandLine;
using Reimburse.Functions.Local;
using Reimburse.Functions.Security;

namespace Reimburse.Functions.Cli;

/// <summary>`reimburse token --role reviewer --name 佐藤`: mints a development staff token.</summary>
public static class TokenCommand
{
    public static Command Create()
    {
        var role = new Option<string[]>("--role") { Description = "Role(s): " + string.Join(", ", Roles.All), Required = true, AllowMultipleArgumentsPerToken = true };
        var name = new Option<string>("--name") { Description = "Display name of the staff member.", Required = true };
        var id = new Option<string?>("--id") { Description = "Stable staff id (default: derived from the name)." };
        var hours = new Option<int>("--hours") { Description = "Lifetime in hours.", DefaultValueFactory = _ => 12 };
        var command = new Command("token", "Mint a development staff token (key kept in .data/dev-secrets.json).") { role, name, id, hours };
        command.SetAction(parseResult =>
        {
            var roles = parseResult.GetValue(role) ?? [];
            var unknown = roles.Where(r => !Roles.All.Contains(r)).ToArray();
            if (unknown.Length > 0)
            {
                Console.Error.WriteLine($"Unknown role '{unknown[0]}'. Roles: {string.Join(", ", Roles.All)}.");
                return 2;
            }
            var lifetime = parseResult.GetValue(hours);
            if (lifetime is < 1 or > 24 * 7)
            {
                Console.Error.WriteLine("--hours must be between 1 and 168.");
                return 2;
            }
            var secrets = DevEnvironment.Locate().LoadOrCreateSecrets();
            var options = new StaffTokenOptions { SigningKey = secrets["StaffTokens:SigningKey"] };
            var displayName = parseResult.GetValue(name)!;
            var subject = parseResult.GetValue(id) ?? "dev-" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(displayName)))[..12].ToLowerInvariant();
            Console.WriteLine(StaffTokens.Mint(options.KeyBytes()!, options.Issuer, options.Audience, subject, displayName, roles, DateTimeOffset.UtcNow, TimeSpan.FromHours(lifetime)));
            return 0;
        });
        return command;
    }
}
