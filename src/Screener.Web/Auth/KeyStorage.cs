using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Screener.Web.Auth;

/// <summary>
/// Where the keys that sign session cookies, anti-forgery tokens and sealed messages live, readable only by the
/// account that runs the host: the directory 0700, each key file 0600 (ASP.NET's default leaves them to the umask,
/// often world-readable, and anyone who reads them can forge a session). Config: DataProtection:KeysDirectory.
/// </summary>
public static class KeyStorage
{
    public const string DirectorySetting = "DataProtection:KeysDirectory";

    public static string DefaultDirectory =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "screener", "keys");

    public static IServiceCollection AddOwnerOnlyKeyStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var directory = new DirectoryInfo(configuration[DirectorySetting] is { Length: > 0 } configured ? configured : DefaultDirectory);
        services.AddDataProtection().SetApplicationName("Screener");
        services.AddOptions<KeyManagementOptions>().Configure<ILoggerFactory>((o, logs) =>
            o.XmlRepository = new OwnerOnlyXmlRepository(directory, logs));
        return services;
    }

    private sealed class OwnerOnlyXmlRepository : IXmlRepository
    {
        private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        private readonly DirectoryInfo _directory;
        private readonly FileSystemXmlRepository _files;

        public OwnerOnlyXmlRepository(DirectoryInfo directory, ILoggerFactory logs)
        {
            _directory = directory;
            if (!OperatingSystem.IsWindows()) Directory.CreateDirectory(directory.FullName, DirectoryMode);
            Restrict();
            _files = new FileSystemXmlRepository(directory, logs);
        }

        public IReadOnlyCollection<XElement> GetAllElements() => _files.GetAllElements();

        public void StoreElement(XElement element, string friendlyName)
        {
            _files.StoreElement(element, friendlyName);
            Restrict();
        }

        // The directory is 0700 before any key is written, so the moment between writing a file and narrowing it exposes nothing.
        private void Restrict()
        {
            if (OperatingSystem.IsWindows()) return;
            File.SetUnixFileMode(_directory.FullName, DirectoryMode);
            foreach (var file in Directory.EnumerateFiles(_directory.FullName, "*.xml")) File.SetUnixFileMode(file, FileMode);
        }
    }
}
