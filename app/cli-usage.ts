export const USAGE =
  '  skillcert check-package <压缩包或文件夹> [--batch <批次ID> --department <学院ID>] [--json]   检查材料文件夹';
