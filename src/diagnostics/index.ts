// Diagnostics: the doctor report.
export { runDoctor, type DoctorReport } from './doctor.js';
export { formatDoctor } from './format.js';
