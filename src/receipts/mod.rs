//! Tax receipts: issuing them (numbered in the database), rendering them to
//! PDF, and the keyed link that lets anyone check one.

pub mod pdf;
