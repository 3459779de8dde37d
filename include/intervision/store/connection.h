// connection: the handle of one open database connection, as the layers above the store see it.
//
// It is opaque outside the store: services receive it from db_pool (inside a read or a write
// transaction) and hand it to store functions, which alone run SQL on it. Naming it here keeps
// SQLiteCpp's types (and the temptation to run SQL) inside the store layer.
#pragma once

namespace SQLite {
class Database;
}

namespace intervision {

using db_connection = SQLite::Database;

}  // namespace intervision
