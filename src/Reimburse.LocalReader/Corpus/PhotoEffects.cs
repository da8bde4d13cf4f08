using Reimburse.LocalReader.Images;
using Reimburse.LocalReader.Ocr;

namespace Reimburse.LocalReader.Corpus;

/// <summary>
/// Turns a clean rendered page into what a phone or a scanner delivers: tilt, perspective, blur, sensor noise,
/// exposure, JPEG compression, and sometimes a quarter or half turn. All with Leptonica, seeded for repeatability.
/// </summary>
internal static class PhotoEffects
{
    private static readonly Lock NoiseGate = new();

    public static Pix Apply(Pix page, ImageEffects effects, int seed)
    {
        var image = effects.Color ? page.Crop(0, 0, page.Width, page.Height) : page.ToGray();
        try
        {
            if (effects.Perspective > 0)
            {
                var w = image.Width;
                var h = image.Height;
                var d = effects.Perspective;
                // The top edge is farther from the camera: narrower.
                (float X, float Y)[] corners = [(w * d, h * d * 0.5f), (w * (1 - d), h * d * 0.3f), (w - 1, h - 1), (0, h - 1)];
                image = Replace(image, image.Perspective(corners));
            }
            if (Math.Abs(effects.TiltDegrees) > 0.05)
            {
                image = Replace(image, image.Rotate(effects.TiltDegrees * MathF.PI / 180f));
            }
            if (effects.Blur > 0)
            {
                image = Replace(image, image.Blur(effects.Blur));
            }
            if (Math.Abs(effects.Gamma - 1f) > 0.01)
            {
                image = Replace(image, image.Levels(effects.Gamma, 10, 245));
            }
            if (effects.Noise > 0.5f)
            {
                // Leptonica draws noise from rand(): seed it, one image at a time, so the corpus is repeatable.
                lock (NoiseGate)
                {
                    LibC.srand((uint)seed);
                    image = Replace(image, image.AddNoise(effects.Noise));
                }
            }
            if (effects.QuarterTurns != 0)
            {
                image = Replace(image, image.RotateQuarterTurns(effects.QuarterTurns));
            }
            return image;
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }

    private static Pix Replace(Pix old, Pix next)
    {
        old.Dispose();
        return next;
    }
}
