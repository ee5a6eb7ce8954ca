#include "harness/index_table.hpp"

#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

#include "common/hdf5_file.hpp"  // string_type

namespace divbench {
namespace {

constexpr std::size_t kCell = 8;
static_assert(sizeof(char*) == kCell && sizeof(double) == kCell);

const H5::DataType& memory_type(IndexColumn::Kind kind) {
  switch (kind) {
    case IndexColumn::integer:
      return H5::PredType::NATIVE_INT64;
    case IndexColumn::real:
      return H5::PredType::NATIVE_DOUBLE;
    case IndexColumn::text:
      break;
  }
  return string_type();
}

// A memory type holding one member of the stored compound: HDF5 converts (and picks out) members
// by name, so each column is read on its own into a packed array of 8-byte cells.
H5::CompType single_member(const std::string& name, IndexColumn::Kind kind) {
  H5::CompType type(kCell);
  type.insertMember(name, 0, memory_type(kind));
  return type;
}

}  // namespace

std::size_t IndexColumn::size() const {
  return kind == integer ? ints.size() : kind == real ? reals.size() : texts.size();
}

double IndexColumn::number(std::size_t row) const {
  return kind == real ? reals[row] : static_cast<double>(ints[row]);
}

void write_index_table(H5::Group& parent, const std::string& name,
                       const std::vector<IndexColumn>& columns, std::size_t rows) {
  H5::CompType row_type(kCell * columns.size());
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (columns[c].size() != rows) {
      throw std::logic_error(fmt::format("{}: column '{}' has {} values for {} rows", name,
                                         columns[c].name, columns[c].size(), rows));
    }
    row_type.insertMember(columns[c].name, c * kCell, memory_type(columns[c].kind));
  }
  // Written a row at a time would be simpler; a whole table at once is one conversion pass.
  std::vector<unsigned char> buffer(rows * columns.size() * kCell);
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < columns.size(); ++c) {
      unsigned char* at = buffer.data() + (r * columns.size() + c) * kCell;
      const IndexColumn& col = columns[c];
      if (col.kind == IndexColumn::integer) std::memcpy(at, &col.ints[r], kCell);
      if (col.kind == IndexColumn::real) std::memcpy(at, &col.reals[r], kCell);
      if (col.kind == IndexColumn::text) {
        const char* p = col.texts[r].c_str();
        std::memcpy(at, &p, kCell);
      }
    }
  }
  const hsize_t dims[1] = {rows};
  H5::DSetCreatPropList dcpl;
  H5Pset_obj_track_times(dcpl.getId(), 0);  // no timestamp: the same table, the same bytes
  H5::DataSet table = parent.createDataSet(name, row_type, H5::DataSpace(1, dims), dcpl);
  if (rows > 0) table.write(buffer.data(), row_type);
}

std::vector<IndexColumn> read_index_table(const H5::Group& parent, const std::string& name,
                                          const std::string& where) {
  if (!parent.nameExists(name))
    throw std::runtime_error(fmt::format("{}: dataset '{}' is missing", where, name));
  const H5::DataSet table = parent.openDataSet(name);
  if (table.getTypeClass() != H5T_COMPOUND)
    throw std::runtime_error(
        fmt::format("{}: dataset '{}' should be a compound table", where, name));
  const H5::CompType stored = table.getCompType();
  const H5::DataSpace space = table.getSpace();
  if (space.getSimpleExtentNdims() != 1)
    throw std::runtime_error(fmt::format("{}: dataset '{}' should be 1-D", where, name));
  hsize_t rows = 0;
  space.getSimpleExtentDims(&rows);
  std::vector<IndexColumn> columns;
  for (int m = 0; m < stored.getNmembers(); ++m) {
    IndexColumn col;
    col.name = stored.getMemberName(static_cast<unsigned>(m));
    const H5T_class_t cls = stored.getMemberClass(static_cast<unsigned>(m));
    if (cls == H5T_INTEGER) {
      col.kind = IndexColumn::integer;
      col.ints.resize(rows);
      if (rows > 0) table.read(col.ints.data(), single_member(col.name, col.kind));
    } else if (cls == H5T_FLOAT) {
      col.kind = IndexColumn::real;
      col.reals.resize(rows);
      if (rows > 0) table.read(col.reals.data(), single_member(col.name, col.kind));
    } else if (cls == H5T_STRING) {
      col.kind = IndexColumn::text;
      std::vector<char*> pointers(rows, nullptr);
      const H5::CompType type = single_member(col.name, col.kind);
      if (rows > 0) table.read(pointers.data(), type);
      col.texts.reserve(rows);
      for (const char* p : pointers) col.texts.emplace_back(p == nullptr ? "" : p);
      if (rows > 0) H5Dvlen_reclaim(type.getId(), space.getId(), H5P_DEFAULT, pointers.data());
    } else {
      throw std::runtime_error(
          fmt::format("{}: column '{}' of '{}' should be an integer, a float or a string", where,
                      col.name, name));
    }
    columns.push_back(std::move(col));
  }
  return columns;
}

const IndexColumn* find_column(const std::vector<IndexColumn>& columns, const std::string& name) {
  for (const IndexColumn& c : columns)
    if (c.name == name) return &c;
  return nullptr;
}

}  // namespace divbench
