using System.Runtime.InteropServices;
using Reimburse.LocalReader.Ocr;

namespace Reimburse.LocalReader.Images;

/// <summary>An owned Leptonica image. Every transform returns a new image; the caller disposes both.</summary>
internal sealed class Pix : SafeHandle
{
    private Pix(IntPtr pix)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle(pix);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    public int Width => Lept.pixGetWidth(handle);

    public int Height => Lept.pixGetHeight(handle);

    public int Depth => Lept.pixGetDepth(handle);

    /// <summary>The raw PIX* for a native call; valid while this object is alive.</summary>
    public IntPtr Pointer => handle;

    /// <summary>Decodes JPEG, PNG or TIFF bytes; null when Leptonica cannot read them.</summary>
    public static unsafe Pix? Decode(ReadOnlySpan<byte> bytes)
    {
        NativeLibraries.EnsureInitialized();
        fixed (byte* data = bytes)
        {
            var pix = Lept.pixReadMem(data, (nuint)bytes.Length);
            return pix == IntPtr.Zero ? null : new Pix(pix);
        }
    }

    /// <summary>Width and height from the header, without decoding the pixels; null when unreadable.</summary>
    public static unsafe (int Width, int Height)? ReadSize(ReadOnlySpan<byte> bytes)
    {
        NativeLibraries.EnsureInitialized();
        fixed (byte* data = bytes)
        {
            return Lept.pixReadHeaderMem(data, (nuint)bytes.Length, out _, out var w, out var h, out _, out _, out _) == 0 ? (w, h) : null;
        }
    }

    /// <summary>A new 32-bit RGB image filled from interleaved 8-bit RGB rows.</summary>
    public static unsafe Pix FromRgb(int width, int height, ReadOnlySpan<byte> rgb, int stride)
    {
        NativeLibraries.EnsureInitialized();
        var pix = Take(Lept.pixCreate(width, height, 32), "pixCreate");
        var data = (uint*)Lept.pixGetData(pix.handle);
        var wpl = Lept.pixGetWpl(pix.handle);
        for (var y = 0; y < height; y++)
        {
            var row = rgb.Slice(y * stride, width * 3);
            var line = data + (y * wpl);
            for (var x = 0; x < width; x++)
            {
                // Leptonica stores RGBA in one 32-bit word, red in the most significant byte.
                line[x] = ((uint)row[x * 3] << 24) | ((uint)row[(x * 3) + 1] << 16) | ((uint)row[(x * 3) + 2] << 8);
            }
        }
        return pix;
    }

    /// <summary>Reads interleaved 8-bit RGB rows (stride = width × 3) from any image.</summary>
    public unsafe byte[] ToRgb()
    {
        using var rgb = Take(Lept.pixConvertTo32(handle), "pixConvertTo32");
        var width = rgb.Width;
        var height = rgb.Height;
        var result = new byte[width * height * 3];
        var data = (uint*)Lept.pixGetData(rgb.handle);
        var wpl = Lept.pixGetWpl(rgb.handle);
        for (var y = 0; y < height; y++)
        {
            var line = data + (y * wpl);
            for (var x = 0; x < width; x++)
            {
                var p = line[x];
                var o = ((y * width) + x) * 3;
                result[o] = (byte)(p >> 24);
                result[o + 1] = (byte)(p >> 16);
                result[o + 2] = (byte)(p >> 8);
            }
        }
        return result;
    }

    public Pix ToGray() => Take(Lept.pixConvertTo8(handle, 0), "pixConvertTo8");

    /// <summary>Rotates by quarter turns clockwise.</summary>
    public Pix RotateQuarterTurns(int quads) => Take(Lept.pixRotateOrth(handle, ((quads % 4) + 4) % 4), "pixRotateOrth");

    /// <summary>Rotates by <paramref name="radians"/> (clockwise positive), bringing in white, keeping the size.</summary>
    public Pix Rotate(float radians) => Take(Lept.pixRotate(handle, radians, Lept.RotateAreaMap, Lept.BringInWhite, 0, 0), "pixRotate");

    /// <summary>Straightens a skewed page; <paramref name="degrees"/> is the skew found.</summary>
    public Pix Deskew(out float degrees, out float confidence) =>
        Take(Lept.pixFindSkewAndDeskew(handle, 2, out degrees, out confidence), "pixFindSkewAndDeskew");

    /// <summary>A copy of the rectangle, clipped to the image.</summary>
    public Pix Crop(int left, int top, int width, int height)
    {
        var box = Lept.boxCreate(left, top, width, height);
        try
        {
            return Take(Lept.pixClipRectangle(handle, box, IntPtr.Zero), "pixClipRectangle");
        }
        finally
        {
            Lept.boxDestroy(ref box);
        }
    }

    public Pix Scale(float factor) => Take(Lept.pixScale(handle, factor, factor), "pixScale");

    public Pix AddNoise(float stdev) => Take(Lept.pixAddGaussianNoise(handle, stdev), "pixAddGaussianNoise");

    public Pix Blur(int halfWidth) => Take(Lept.pixBlockconv(handle, halfWidth, halfWidth), "pixBlockconv");

    /// <summary>Gamma and levels: <paramref name="gamma"/> &gt; 1 darkens midtones; black/white points set contrast.</summary>
    public Pix Levels(float gamma, int black, int white) => Take(Lept.pixGammaTRC(IntPtr.Zero, handle, gamma, black, white), "pixGammaTRC");

    /// <summary>Maps the four corners of the image to the given quadrilateral (a photo taken at an angle).</summary>
    public Pix Perspective(ReadOnlySpan<(float X, float Y)> corners)
    {
        var src = Lept.ptaCreate(4);
        var dst = Lept.ptaCreate(4);
        try
        {
            (float, float)[] source = [(0, 0), (Width - 1, 0), (Width - 1, Height - 1), (0, Height - 1)];
            for (var i = 0; i < 4; i++)
            {
                _ = Lept.ptaAddPt(src, source[i].Item1, source[i].Item2);
                _ = Lept.ptaAddPt(dst, corners[i].X, corners[i].Y);
            }
            return Take(Lept.pixProjectivePta(handle, dst, src, Lept.BringInWhite), "pixProjectivePta");
        }
        finally
        {
            Lept.ptaDestroy(ref src);
            Lept.ptaDestroy(ref dst);
        }
    }

    /// <summary>
    /// A copy of an 8-bit gray image with ruled lines (table borders, underlines) painted white: long horizontal
    /// and vertical runs of dark pixels that no character has. Tesseract's page layout drops table cells whose
    /// borders it cannot separate from the text; without the rules the cells read as ordinary lines.
    /// </summary>
    /// <param name="removed">Share of dark pixels that belonged to rules.</param>
    public Pix RemoveRuledLines(out double removed)
    {
        if (Depth != 8)
        {
            throw new InvalidOperationException("RemoveRuledLines needs an 8-bit gray image.");
        }
        var copy = Crop(0, 0, Width, Height);
        // Rules are thin and often light gray (anti-aliased, photographed): a generous threshold finds them, and an
        // opening longer than any character keeps only them.
        var binary = Lept.pixThresholdToBinary(handle, 200);
        var horizontal = Lept.pixOpenBrick(IntPtr.Zero, binary, Math.Max(40, Width / 25), 1);
        var vertical = Lept.pixOpenBrick(IntPtr.Zero, binary, 1, Math.Max(40, Height / 35));
        var rules = Lept.pixOr(IntPtr.Zero, horizontal, vertical);
        // Grow the rules a little to take their anti-aliased edges too.
        var mask = Lept.pixDilateBrick(IntPtr.Zero, rules, 3, 3);
        try
        {
            _ = Lept.pixCountPixels(binary, out var dark, IntPtr.Zero);
            _ = Lept.pixCountPixels(rules, out var ruled, IntPtr.Zero);
            removed = dark == 0 ? 0 : (double)ruled / dark;
            _ = Lept.pixSetMasked(copy.handle, mask, 255);
            return copy;
        }
        finally
        {
            Lept.pixDestroy(ref binary);
            Lept.pixDestroy(ref horizontal);
            Lept.pixDestroy(ref vertical);
            Lept.pixDestroy(ref rules);
            Lept.pixDestroy(ref mask);
        }
    }

    public void SetResolution(int dpi) => _ = Lept.pixSetResolution(handle, dpi, dpi);

    public int Resolution => Lept.pixGetXRes(handle);

    public byte[] EncodePng() => Encode(Lept.FormatPng);

    public byte[] EncodeTiff() => Encode(Lept.FormatTiffLzw);

    public byte[] EncodeJpeg(int quality)
    {
        if (Lept.pixWriteMemJpeg(out var data, out var size, handle, quality, 0) != 0)
        {
            throw new InvalidOperationException("Leptonica could not encode a JPEG.");
        }
        return Copy(data, size);
    }

    protected override bool ReleaseHandle()
    {
        var pix = handle;
        Lept.pixDestroy(ref pix);
        return true;
    }

    private byte[] Encode(int format)
    {
        if (Lept.pixWriteMem(out var data, out var size, handle, format) != 0)
        {
            throw new InvalidOperationException("Leptonica could not encode the image.");
        }
        return Copy(data, size);
    }

    private static byte[] Copy(IntPtr data, nuint size)
    {
        try
        {
            var bytes = new byte[(int)size];
            Marshal.Copy(data, bytes, 0, bytes.Length);
            return bytes;
        }
        finally
        {
            Lept.lept_free(data);
        }
    }

    private static Pix Take(IntPtr pix, string operation) =>
        pix == IntPtr.Zero ? throw new InvalidOperationException("Leptonica " + operation + " failed.") : new Pix(pix);
}
