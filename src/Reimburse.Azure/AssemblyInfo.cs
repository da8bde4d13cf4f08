namespace Reimburse.Azure;
