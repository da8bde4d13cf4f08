namespace Reimburse.LocalReader;
