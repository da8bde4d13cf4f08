namespace Reimburse.LocalReader.Tools;

/// <summary>
/// A scratch folder only the current user can enter (0700), with a random name, deleted with everything in it on
/// dispose. Documents written for the poppler tools never sit in a shared folder.
/// </summary>
internal sealed class PrivateTempFolder : IDisposable
{
    private PrivateTempFolder(string path)
    {
        Path = path;
    }

    public string Path { get; }

    public static PrivateTempFolder Create(string? parent, string purpose)
    {
        // Right inside the parent: a shared intermediate folder (e.g. /tmp/reimburse-reader) could have been made
        // first by another local user, who would then own it and could swap the private folder for one of theirs.
        // The system temp folder's sticky bit keeps others from renaming what we create in it.
        var path = System.IO.Path.Combine(parent ?? System.IO.Path.GetTempPath(), "reimburse-" + purpose + "-" + Guid.NewGuid().ToString("N"));
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return new PrivateTempFolder(path);
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A tool killed on timeout may still hold a file for a moment; the OS temp cleaner gets the rest.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
