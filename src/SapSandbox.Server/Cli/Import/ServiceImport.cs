using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SapSandbox.Core.Model;
using SapSandbox.Core.Runtime;
using SapSandbox.Core.Store;
using SapSandbox.Services.Catalog;
using SapSandbox.Services.Edmx;

namespace SapSandbox.Server.Cli.Import;

/// <summary>What an import put where, and the mount paths <c>serve</c> will serve it at.</summary>
public sealed record ImportedService(string Name, string MetadataFile, string? SettingsFile, ServiceDefinition Service);

/// <summary>
/// Adds a metadata document to a services folder as <c>NAME.edmx</c>, after checking it the way <c>serve</c> will
/// load it: the same parser, the same folder service definition (settings, mount paths) and the same catalog, so a
/// document that imports is one the server serves, at the paths the import reports.
/// </summary>
public static partial class ServiceImport
{
    /// <param name="ownPath">The service's own mount path (<c>--path</c>), kept in <c>NAME/settings.json</c>; null keeps what is there.</param>
    /// <param name="force">Replace a service of that name already in the folder (its data files and other settings stay).</param>
    public static ImportedService Run(string source, byte[] metadataBytes, string name, string folder, string? ownPath, bool force)
    {
        if (!ValidName().IsMatch(name))
            throw new ImportException($"'{name}' cannot name a service (it names the file and the URL path); use letters, digits, _ and - (--name)");
        if (IsBundled(name))
            throw new ImportException($"{name} is a service the sandbox bundles; import it under another --name, or put data files and settings.json in {Path.Combine(folder, name)}/ to change the bundled one");

        MetadataDocument metadata;
        try
        {
            metadata = MetadataDocument.Parse(source, metadataBytes);
        }
        catch (MetadataException e)
        {
            throw new ImportException(e.Message);
        }

        var existing = Directory.Exists(folder) ? ExistingFiles(folder, name) : [];
        if (existing.Count > 0 && !force)
            throw new ImportException($"{existing[0]} is already a service named {name}; add --force to replace it, or choose another --name");

        var normalisedPath = ownPath == null ? null : NormalisePath(ownPath);
        var settingsFile = Path.Combine(folder, name, "settings.json");
        var settings = MergedSettings(settingsFile, normalisedPath);

        // Stage the service as serve will find it, define it from there, and check it against everything else served.
        var staging = Directory.CreateTempSubdirectory("sapsandbox-import-").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(staging, name + ".edmx"), metadataBytes);
            if (settings != null)
            {
                Directory.CreateDirectory(Path.Combine(staging, name));
                File.WriteAllText(Path.Combine(staging, name, "settings.json"), settings);
            }
            var service = Define(name, metadata, staging);
            CheckAgainstServed(service, folder);

            Directory.CreateDirectory(folder);
            foreach (var file in existing) File.Delete(file);
            var metadataFile = Path.Combine(folder, name + ".edmx");
            File.WriteAllBytes(metadataFile, metadataBytes);
            if (settings != null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(settingsFile)!);
                File.WriteAllText(settingsFile, settings);
            }
            return new ImportedService(name, metadataFile, settings != null ? settingsFile : null, service);
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    static bool IsBundled(string name) =>
        BundledServices.All.Any(b => string.Equals(b.Name, name, StringComparison.OrdinalIgnoreCase))
        || string.Equals(Services.CloudIntegration.CloudIntegrationService.Name, name, StringComparison.OrdinalIgnoreCase);

    /// <summary>The folder's metadata files that serve would name <paramref name="name"/> (any case, .edmx or .xml).</summary>
    static List<string> ExistingFiles(string folder, string name) =>
        Directory.EnumerateFiles(folder)
            .Where(f => f.EndsWith(".edmx", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
            .Where(f => string.Equals(Path.GetFileNameWithoutExtension(f), name, StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();

    static string NormalisePath(string path)
    {
        try
        {
            return ServicePaths.Normalize(path);
        }
        catch (ArgumentException e)
        {
            throw new ImportException($"--path: {e.Message}");
        }
    }

    /// <summary>
    /// The service's <c>settings.json</c> with <c>path</c> set, keeping every other key a user wrote there; null when
    /// there is none and no path to write.
    /// </summary>
    static string? MergedSettings(string settingsFile, string? ownPath)
    {
        JsonObject? settings = null;
        if (File.Exists(settingsFile))
        {
            try
            {
                settings = JsonNode.Parse(File.ReadAllText(settingsFile)) as JsonObject
                           ?? throw new ImportException($"{settingsFile}: the settings are not a JSON object");
            }
            catch (JsonException e)
            {
                throw new ImportException($"{settingsFile}({e.LineNumber + 1}): {e.Message}");
            }
        }
        if (ownPath == null) return settings?.ToJsonString(Indented);
        settings ??= new JsonObject();
        // Whatever case the user wrote the key in, serve reads it case-insensitively: replace it, not add a second.
        foreach (var key in settings.Select(p => p.Key).Where(k => string.Equals(k, "path", StringComparison.OrdinalIgnoreCase)).ToList())
            settings.Remove(key);
        settings["path"] = ownPath;
        return settings.ToJsonString(Indented);
    }

    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    static ServiceDefinition Define(string name, MetadataDocument metadata, string folder)
    {
        try
        {
            return FolderServices.Define(name, metadata, folder, SqliteDialect.Instance, pageSize: 1000);
        }
        catch (Exception e) when (e is InvalidDataException or MetadataException or InvalidOperationException or NotSupportedException)
        {
            throw new ImportException($"{metadata.FileName} cannot be served: {e.Message}");
        }
    }

    /// <summary>A second service at one of its mount paths would make both unreachable: refuse now rather than at the next start.</summary>
    static void CheckAgainstServed(ServiceDefinition service, string folder)
    {
        var catalog = new ServiceCatalog();
        try
        {
            foreach (var served in ServedServices.Load(Directory.Exists(folder) ? folder : null, SqliteDialect.Instance, 1000, _ => { }))
                if (!string.Equals(served.Service.Name, service.Name, StringComparison.OrdinalIgnoreCase))
                    catalog.Add(served.Service);
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException)
        {
            throw new ImportException($"The services folder {folder} cannot be served as it is: {e.Message}");
        }
        try
        {
            catalog.Add(service);
        }
        catch (InvalidOperationException e)
        {
            throw new ImportException($"{e.Message}, or import it with --path");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_-]*$")]
    private static partial Regex ValidName();
}
