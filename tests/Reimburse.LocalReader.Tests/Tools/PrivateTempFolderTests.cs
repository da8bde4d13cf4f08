using Reimburse.LocalReader.Tools;

namespace Reimburse.LocalReader.Tests.Tools;

public sealed class PrivateTempFolderTests : IDisposable
{
    private readonly string _parent = Directory.CreateTempSubdirectory("private-temp-").FullName;

    [Fact]
    public void A_scratch_folder_is_made_right_in_its_parent_never_in_a_shared_folder_someone_else_may_own()
    {
        // What another local user could have prepared: the shared folder the scratch folders used to go into, open to all.
        var shared = Path.Combine(_parent, "reimburse-reader");
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(shared);
        }
        else
        {
            Directory.CreateDirectory(shared, (UnixFileMode)0b111_111_111);
        }

        string path;
        using (var folder = PrivateTempFolder.Create(_parent, "pdf"))
        {
            path = folder.Path;
            Assert.Equal(_parent, Path.GetDirectoryName(path));
            Assert.True(Directory.Exists(path));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(path));
            }
            File.WriteAllText(folder.File("statement.pdf"), "%PDF-");
        }
        Assert.False(Directory.Exists(path));
        Assert.Empty(Directory.EnumerateFileSystemEntries(shared));
    }

    public void Dispose() => Directory.Delete(_parent, recursive: true);
}
