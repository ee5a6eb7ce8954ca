#include "datasets/dataset_registry.hpp"

#include "datasets/grid.hpp"
#include "datasets/mixture_file.hpp"
#include "datasets/real_data.hpp"
#include "datasets/ring.hpp"

namespace divbench {
namespace {

DatasetRegistry build() {
  DatasetRegistry r("dataset");
  r.add({"ring8", "8 Gaussians on a circle (Metz et al. 2017, Unrolled GAN)", "",
         "Metz et al., Unrolled GANs, ICLR 2017", [](Spec&) { return make_ring(8, 2.0, 0.02); }});
  r.add({"grid25", "5x5 grid of Gaussians at {-4,-2,0,2,4}^2", "",
         "Dumoulin et al., ALI, ICLR 2017; Lin et al., PacGAN, NeurIPS 2018",
         [](Spec&) { return make_grid(5, 2.0, 0.05); }});
  r.add({"ring", "k Gaussians at angles 2*pi*i/k on a circle", "k=8, radius=2, std=0.02", "",
         [](Spec& s) {
           return make_ring(static_cast<int>(s.get_int("k", 8)), s.get_double("radius", 2.0),
                            s.get_double("std", 0.02));
         }});
  r.add({"grid", "side x side Gaussians on a square lattice centred at 0",
         "side=5, spacing=2, std=0.05", "", [](Spec& s) {
           return make_grid(static_cast<int>(s.get_int("side", 5)), s.get_double("spacing", 2.0),
                            s.get_double("std", 0.05));
         }});
  r.add({"mog1d", "1-D mixture 0.5 N(-2, 0.5^2) + 0.5 N(2, 0.5^2): one Gaussian cannot fit it", "",
         "after Nowozin et al., f-GAN, NeurIPS 2016, section 4", [](Spec&) {
           return std::make_unique<GaussianMixture>("mog1d", Eigen::Vector2d(0.5, 0.5),
                                                    Eigen::MatrixXd{{-2.0}, {2.0}},
                                                    Eigen::MatrixXd{{0.5}, {0.5}});
         }});
  r.add({"gmm",
         "axis-aligned Gaussian mixture of any dimension read from a CSV file "
         "(weight, d means, d stds per line)",
         "file=PATH", "", [](Spec& s) {
           const std::string file = s.get_string("file", "");
           if (file.empty()) throw std::invalid_argument("dataset 'gmm' needs file=PATH");
           return std::unique_ptr<Dataset>(read_mixture_file(file));
         }});
  r.add({"fmnist",
         "Fashion-MNIST images (784-D, scaled to [-1, 1]); modes: the 10 classes, named by a "
         "cached MLP classifier",
         "dir=/usr/share/datasets/fashion-mnist, split=train",
         "Xiao, Rasul, Vollgraf, Fashion-MNIST, 2017 (Debian: dataset-fashion-mnist)",
         [](Spec& s) { return make_fashion_mnist(s, 1); }});
  r.add({"stacked-fmnist",
         "parts independent Fashion-MNIST images concatenated (parts=3: 2352-D, 1000 modes = "
         "label triples)",
         "dir=/usr/share/datasets/fashion-mnist, split=train, parts=3",
         "after Stacked MNIST: Metz et al., Unrolled GANs, ICLR 2017",
         [](Spec& s) { return make_fashion_mnist(s, 3); }});
  r.add({"file",
         "samples from a data file: IDX (MNIST format, plain or gzip), CSV, or FILE.h5:/dataset; "
         "labelled data gets classifier modes",
         "path=FILE, labels=, label-column=, header=auto, format=auto, scale=auto, split=all, "
         "test-fraction=0.1, parts=1",
         "", [](Spec& s) { return make_file_dataset(s); }});
  return r;
}

}  // namespace

const DatasetRegistry& dataset_registry() {
  static const DatasetRegistry registry = build();
  return registry;
}

std::unique_ptr<Dataset> make_dataset(std::string_view spec) {
  return dataset_registry().make(spec);
}

}  // namespace divbench
