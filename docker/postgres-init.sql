-- The tests' database, beside the service's own.
create database test;
