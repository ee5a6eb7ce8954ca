#!/usr/bin/env python3
"""Draws a divbench figure from the input file that `divbench plot` writes
(results/figure_input.hpp describes it) and saves PREFIX.png and PREFIX.pdf.

    plot.py INPUT.h5 PREFIX

Needs h5py, numpy and matplotlib: Debian's python3-h5py and python3-matplotlib, chosen because
they come from the same package registry as everything else divbench uses, need no network, and
matplotlib writes both PNG and vector PDF for papers.
"""
import sys
import warnings

import h5py
import matplotlib

matplotlib.use("Agg")  # no display on clusters or CI
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def lines(attr):
    return str(attr).split("\n")


def panel_grid(rows, cols, figsize, draw, ylabel_kwargs=None):
    """A rows x cols grid of panels without ticks: draw(ax, r, c) fills a panel and returns False
    when the cell has no runs (it is then left blank); titles on top, row names on the left."""
    fig, axes = plt.subplots(len(rows), len(cols), figsize=figsize, squeeze=False)
    for r, row in enumerate(rows):
        for c, col in enumerate(cols):
            ax = axes[r][c]
            ax.set_xticks([])
            ax.set_yticks([])
            if not draw(ax, r, c):  # an empty cell: no frame, but keep the row name
                for spine in ax.spines.values():
                    spine.set_visible(False)
            if r == 0 and col:
                ax.set_title(col, fontsize=9)
            if c == 0:
                ax.set_ylabel(row, fontsize=8, **(ylabel_kwargs or {}))
    fig.tight_layout()
    return fig


def scatter(f, rows, cols):
    """Final samples per (row, column), data in grey and mode centres as red crosses."""
    def draw(ax, r, c):
        name = f"cell_{r}_{c}"
        if name not in f:
            return False
        cell = f[name]
        data = cell["data"][()]
        ax.scatter(data[:, 0], data[:, 1], s=1, c="0.8", linewidths=0, rasterized=True)
        samples = cell["samples"][()]
        finite = np.isfinite(samples).all(axis=1)
        ax.scatter(samples[finite, 0], samples[finite, 1], s=1.5, c="tab:blue", linewidths=0,
                   rasterized=True)
        if "modes" in cell:
            modes = cell["modes"][()]
            ax.scatter(modes[:, 0], modes[:, 1], s=18, marker="x", c="tab:red", linewidths=1)
        # The data's extent, with a margin: far-off generated samples are cut, not rescaled.
        lo, hi = data.min(axis=0), data.max(axis=0)
        pad = 0.25 * (hi - lo).max()
        ax.set_xlim(lo[0] - pad, hi[0] + pad)
        ax.set_ylim(lo[1] - pad, hi[1] + pad)
        ax.set_aspect("equal")
        return True

    return panel_grid(rows, cols, (2.2 * len(cols) + 0.6, 2.2 * len(rows) + 0.4), draw)


def mosaic(samples, shape, per_row=8):
    """Up to per_row^2 samples as one image in [0, 1]: a 1-D sample is drawn as a square if it is
    one, an image as itself, three stacked images (Stacked MNIST) as the channels of one colour
    image, other stacks side by side."""
    if len(shape) == 1:
        side = int(round(np.sqrt(shape[0])))
        shape = [side, side] if side * side == shape[0] else [1, shape[0]]
    images = np.clip((samples.reshape([-1] + list(shape)) + 1.0) / 2.0, 0.0, 1.0)
    images = np.nan_to_num(images, nan=0.0)
    if len(shape) == 3 and shape[0] == 3:
        images = images.transpose(0, 2, 3, 1)  # (n, h, w, rgb)
    elif len(shape) == 3:
        images = np.concatenate(list(images.transpose(1, 0, 2, 3)), axis=2)  # parts side by side
    n = min(len(images), per_row * per_row)
    rows = (n + per_row - 1) // per_row
    h, w = images.shape[1], images.shape[2]
    canvas = np.ones((rows * (h + 1) + 1, per_row * (w + 1) + 1) + images.shape[3:])
    for i in range(n):
        y, x = divmod(i, per_row)
        canvas[1 + y * (h + 1):1 + y * (h + 1) + h, 1 + x * (w + 1):1 + x * (w + 1) + w] = images[i]
    return canvas


def images(f, rows, cols):
    """A mosaic of generated samples per (row, column), scaled from [-1, 1] to grey levels."""
    canvases = {}
    for r in range(len(rows)):
        for c in range(len(cols)):
            name = f"cell_{r}_{c}"
            if name in f:
                shape = [int(s) for s in str(f[name].attrs["shape"]).split("x")]
                canvases[r, c] = mosaic(f[name]["samples"][()], shape)
    # Panels as wide as they are tall would leave a short mosaic floating in white space.
    aspect = max((m.shape[0] / m.shape[1] for m in canvases.values()), default=1.0)
    width = 2.6

    def draw(ax, r, c):
        if (r, c) not in canvases:
            return False
        canvas = canvases[r, c]
        ax.imshow(canvas, cmap="gray" if canvas.ndim == 2 else None, vmin=0.0, vmax=1.0,
                  interpolation="nearest")
        return True

    # Row names horizontal: long objective names do not fit beside a short mosaic.
    return panel_grid(rows, cols,
                      (width * len(cols) + 1.6, max(width * aspect, 1.0) * len(rows) + 0.5), draw,
                      dict(rotation=0, ha="right", va="center"))


def curves(f, rows, cols, metrics):
    """Each metric over training steps: median across runs and the 25-75% band, one line per row."""
    fig, axes = plt.subplots(len(metrics), len(cols), figsize=(3.6 * len(cols), 2.6 * len(metrics)),
                             squeeze=False)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for m, metric in enumerate(metrics):
        for c, col in enumerate(cols):
            ax = axes[m][c]
            for r, row in enumerate(rows):
                name = f"cell_{r}_{c}"
                if name not in f:
                    continue
                step = f[name]["step"][()]
                values = f[name][metric][()]
                if not np.isfinite(values).any():
                    continue
                with warnings.catch_warnings():  # all-NaN columns (a diverged run's tail) are fine
                    warnings.simplefilter("ignore", RuntimeWarning)
                    median = np.nanmedian(values, axis=0)
                    q1, q3 = np.nanpercentile(values, [25, 75], axis=0)
                colour = colours[r % len(colours)]
                ax.plot(step, median, color=colour, label=row, linewidth=1.2)
                ax.fill_between(step, q1, q3, color=colour, alpha=0.2, linewidth=0)
            ax.set_xlabel("step", fontsize=8)
            ax.set_ylabel(metric, fontsize=8)
            ax.tick_params(labelsize=7)
            if m == 0 and col:
                ax.set_title(col, fontsize=9)
    handles, labels = axes[0][0].get_legend_handles_labels()
    # Legend columns of about 1.8 in (a name such as "fgan-kl:generator=trick" at 7 pt), as many
    # as the figure is wide, so that the legend is no wider than the panels above it.
    ncol = max(1, min(len(labels), 4, int(3.6 * len(cols) / 1.8)))
    legend_rows = (len(labels) + ncol - 1) // ncol if handles else 1
    if handles:
        fig.legend(handles, labels, loc="lower center", ncol=ncol, fontsize=7, frameon=False)
    fig.tight_layout(rect=(0, 0.04 + 0.03 * (legend_rows - 1), 1, 1))
    return fig


def main(argv):
    if len(argv) != 3:
        sys.exit("usage: plot.py INPUT.h5 PREFIX")
    with h5py.File(argv[1], "r") as f:
        kind = f.attrs["kind"]
        rows = lines(f.attrs["row_values"])
        cols = lines(f.attrs["col_values"])
        if kind == "scatter":
            fig = scatter(f, rows, cols)
        elif kind == "images":
            fig = images(f, rows, cols)
        else:
            fig = curves(f, rows, cols, lines(f.attrs["metrics"]))
    # A tight bounding box keeps what tight_layout leaves outside the canvas: row names beside
    # panels whose aspect is fixed (image mosaics), a legend wider than one column of panels.
    fig.savefig(argv[2] + ".png", dpi=150, bbox_inches="tight", pad_inches=0.05)
    fig.savefig(argv[2] + ".pdf", bbox_inches="tight", pad_inches=0.05)



if __name__ == "__main__":
    main(sys.argv)
