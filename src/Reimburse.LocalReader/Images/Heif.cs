using System.Runtime.InteropServices;
using Reimburse.LocalReader.Ocr;

namespace Reimburse.LocalReader.Images;

/// <summary>
/// HEIC/HEIF (iPhone photos) through libheif (libheif.so.1, Debian package libheif1, which brings the HEVC decoder
/// libde265 and the x265 encoder). Decoding gives a Leptonica image; encoding exists for the generated corpus.
/// </summary>
internal static partial class Heif
{
    private const string Lib = "libheif.so.1";
    private const int ColorspaceRgb = 1;
    private const int ChromaInterleavedRgb = 10;
    private const int ChannelInterleaved = 10;
    private const int CompressionHevc = 1;

    private static readonly Lazy<bool> LazyAvailable = new(() =>
        NativeLibrary.TryLoad(Lib, typeof(Heif).Assembly, null, out var h) && h != IntPtr.Zero);

    /// <summary>Whether libheif can be loaded on this machine.</summary>
    public static bool IsAvailable => LazyAvailable.Value;

    /// <summary>Decodes the primary image; throws <see cref="InvalidDataException"/> with libheif's message on failure.</summary>
    public static unsafe Pix Decode(ReadOnlySpan<byte> bytes)
    {
        NativeLibraries.EnsureInitialized();
        var ctx = heif_context_alloc();
        var handle = IntPtr.Zero;
        var image = IntPtr.Zero;
        try
        {
            fixed (byte* data = bytes)
            {
                Check(heif_context_read_from_memory_without_copy(ctx, data, (nuint)bytes.Length, IntPtr.Zero));
                Check(heif_context_get_primary_image_handle(ctx, out handle));
                Check(heif_decode_image(handle, out image, ColorspaceRgb, ChromaInterleavedRgb, IntPtr.Zero));
                var width = heif_image_get_width(image, ChannelInterleaved);
                var height = heif_image_get_height(image, ChannelInterleaved);
                var plane = heif_image_get_plane_readonly(image, ChannelInterleaved, out var stride);
                if (plane == IntPtr.Zero || width <= 0 || height <= 0)
                {
                    throw new InvalidDataException("The HEIC image has no pixels.");
                }
                var rgb = new ReadOnlySpan<byte>((void*)plane, checked(stride * height));
                return Pix.FromRgb(width, height, rgb, stride);
            }
        }
        finally
        {
            if (image != IntPtr.Zero)
            {
                heif_image_release(image);
            }
            if (handle != IntPtr.Zero)
            {
                heif_image_handle_release(handle);
            }
            heif_context_free(ctx);
        }
    }

    /// <summary>Encodes an image as HEIC (HEVC) at <paramref name="quality"/> (0–100).</summary>
    public static unsafe byte[] Encode(Pix pix, int quality, string scratchFolder)
    {
        NativeLibraries.EnsureInitialized();
        var width = pix.Width;
        var height = pix.Height;
        var rgb = pix.ToRgb();
        var ctx = heif_context_alloc();
        var encoder = IntPtr.Zero;
        var image = IntPtr.Zero;
        try
        {
            Check(heif_context_get_encoder_for_format(ctx, CompressionHevc, out encoder));
            Check(heif_encoder_set_lossy_quality(encoder, quality));
            // x265's default preset takes ~10 s for a phone-sized page; ultrafast is plenty for a test corpus.
            _ = heif_encoder_set_parameter_string(encoder, "preset", "ultrafast");
            Check(heif_image_create(width, height, ColorspaceRgb, ChromaInterleavedRgb, out image));
            Check(heif_image_add_plane(image, ChannelInterleaved, width, height, 8));
            var plane = (byte*)heif_image_get_plane(image, ChannelInterleaved, out var stride);
            for (var y = 0; y < height; y++)
            {
                new ReadOnlySpan<byte>(rgb, y * width * 3, width * 3).CopyTo(new Span<byte>(plane + (y * stride), width * 3));
            }
            Check(heif_context_encode_image(ctx, image, encoder, IntPtr.Zero, out var handle));
            heif_image_handle_release(handle);
            var path = Path.Combine(scratchFolder, Guid.NewGuid().ToString("N") + ".heic");
            try
            {
                Check(heif_context_write_to_file(ctx, path));
                return File.ReadAllBytes(path);
            }
            finally
            {
                File.Delete(path);
            }
        }
        finally
        {
            if (image != IntPtr.Zero)
            {
                heif_image_release(image);
            }
            if (encoder != IntPtr.Zero)
            {
                heif_encoder_release(encoder);
            }
            heif_context_free(ctx);
        }
    }

    private static void Check(HeifError error)
    {
        if (error.Code != 0)
        {
            var message = Marshal.PtrToStringUTF8(error.Message) ?? "unknown error";
            throw new InvalidDataException("libheif: " + message + " (" + error.Code + "/" + error.Subcode + ")");
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly struct HeifError
    {
        public readonly int Code;
        public readonly int Subcode;
        public readonly IntPtr Message;
    }

    [LibraryImport(Lib)]
    private static partial IntPtr heif_context_alloc();

    [LibraryImport(Lib)]
    private static partial void heif_context_free(IntPtr ctx);

    [LibraryImport(Lib)]
    private static unsafe partial HeifError heif_context_read_from_memory_without_copy(IntPtr ctx, byte* data, nuint size, IntPtr options);

    [LibraryImport(Lib)]
    private static partial HeifError heif_context_get_primary_image_handle(IntPtr ctx, out IntPtr handle);

    [LibraryImport(Lib)]
    private static partial void heif_image_handle_release(IntPtr handle);

    [LibraryImport(Lib)]
    private static partial HeifError heif_decode_image(IntPtr handle, out IntPtr image, int colorspace, int chroma, IntPtr options);

    [LibraryImport(Lib)]
    private static partial int heif_image_get_width(IntPtr image, int channel);

    [LibraryImport(Lib)]
    private static partial int heif_image_get_height(IntPtr image, int channel);

    [LibraryImport(Lib)]
    private static partial IntPtr heif_image_get_plane_readonly(IntPtr image, int channel, out int stride);

    [LibraryImport(Lib)]
    private static partial IntPtr heif_image_get_plane(IntPtr image, int channel, out int stride);

    [LibraryImport(Lib)]
    private static partial void heif_image_release(IntPtr image);

    [LibraryImport(Lib)]
    private static partial HeifError heif_context_get_encoder_for_format(IntPtr ctx, int format, out IntPtr encoder);

    [LibraryImport(Lib)]
    private static partial HeifError heif_encoder_set_lossy_quality(IntPtr encoder, int quality);

    [LibraryImport(Lib)]
    private static partial void heif_encoder_release(IntPtr encoder);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    private static partial HeifError heif_encoder_set_parameter_string(IntPtr encoder, string name, string value);

    [LibraryImport(Lib)]
    private static partial HeifError heif_image_create(int width, int height, int colorspace, int chroma, out IntPtr image);

    [LibraryImport(Lib)]
    private static partial HeifError heif_image_add_plane(IntPtr image, int channel, int width, int height, int bitDepth);

    [LibraryImport(Lib)]
    private static partial HeifError heif_context_encode_image(IntPtr ctx, IntPtr image, IntPtr encoder, IntPtr options, out IntPtr handle);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    private static partial HeifError heif_context_write_to_file(IntPtr ctx, string path);
}
