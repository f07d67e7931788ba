"""Training-time augmentation as Keras layers: random affine warps and stroke-width changes.

Needs TensorFlow (the `train` extra); the app never imports this module.
"""

from __future__ import annotations

import math

import keras
import tensorflow as tf


class RandomAffine(keras.layers.Layer):
    """Rotate, shear, scale and shift each image by a random amount, in one resampling."""

    def __init__(
        self,
        degrees: float = 15.0,
        shear: float = 0.25,
        zoom: float = 0.15,
        aspect: float = 0.15,
        shift: float = 2.0,
        seed: int | None = None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.degrees, self.shear, self.zoom = degrees, shear, zoom
        self.aspect, self.shift = aspect, shift
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, images, training=None):
        if not training:
            return images
        batch = tf.shape(images)[0]
        height = tf.cast(tf.shape(images)[1], tf.float32)
        width = tf.cast(tf.shape(images)[2], tf.float32)

        def uniform(limit: float):
            return keras.random.uniform((batch,), -limit, limit, seed=self.seed_generator)

        angle = uniform(math.radians(self.degrees))
        shear = uniform(self.shear)
        log_zoom = uniform(self.zoom)
        log_aspect = uniform(self.aspect)
        sx = tf.exp(log_zoom + log_aspect)
        sy = tf.exp(log_zoom - log_aspect)
        cos, sin = tf.cos(angle), tf.sin(angle)
        # Forward map A = R @ Shear @ S; the transform op wants output -> input, i.e. A^-1.
        a00, a01 = cos * sx, (cos * shear - sin) * sy
        a10, a11 = sin * sx, (sin * shear + cos) * sy
        det = a00 * a11 - a01 * a10
        i00, i01, i10, i11 = a11 / det, -a01 / det, -a10 / det, a00 / det
        cx, cy = (width - 1) / 2, (height - 1) / 2
        tx, ty = cx + uniform(self.shift), cy + uniform(self.shift)
        offset_x = cx - (i00 * tx + i01 * ty)
        offset_y = cy - (i10 * tx + i11 * ty)
        zeros = tf.zeros_like(angle)
        transforms = tf.stack([i00, i01, offset_x, i10, i11, offset_y, zeros, zeros], axis=1)
        return tf.raw_ops.ImageProjectiveTransformV3(
            images=images,
            transforms=transforms,
            output_shape=tf.shape(images)[1:3],
            fill_value=0.0,
            interpolation="BILINEAR",
            fill_mode="CONSTANT",
        )


class RandomStrokeWidth(keras.layers.Layer):
    """Make strokes thicker or thinner by blending with a 3x3 dilation or erosion."""

    def __init__(self, thicken: float = 1.0, thin: float = 0.5, seed: int | None = None, **kwargs):
        super().__init__(**kwargs)
        self.thicken, self.thin = thicken, thin
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, images, training=None):
        if not training:
            return images
        batch = tf.shape(images)[0]
        amount = keras.random.uniform((batch, 1, 1, 1), -1.0, 1.0, seed=self.seed_generator)
        dilated = tf.nn.max_pool2d(images, 3, 1, "SAME")
        eroded = -tf.nn.max_pool2d(-images, 3, 1, "SAME")
        thicker = tf.nn.relu(amount) * self.thicken
        thinner = tf.nn.relu(-amount) * self.thin
        return images + thicker * (dilated - images) + thinner * (eroded - images)


def augmentation(seed: int) -> keras.Sequential:
    return keras.Sequential(
        [RandomStrokeWidth(seed=seed), RandomAffine(seed=seed + 1)], name="augmentation"
    )
