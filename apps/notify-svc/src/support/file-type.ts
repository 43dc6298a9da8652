/** Attachment types support accepts, recognised by their first bytes (never by a declared type). */
export type AttachmentType = 'png' | 'jpeg' | 'webp' | 'pdf';

export const ATTACHMENT_MEDIA: Record<AttachmentType, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  pdf: 'application/pdf',
};

const startsWith = (bytes: Buffer, signature: readonly number[], at = 0): boolean =>
  bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);

/** The file's type from its content, or undefined when it is none of the accepted ones. */
export function sniffAttachment(bytes: Buffer): AttachmentType | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  // RIFF <size> WEBP
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8))
    return 'webp';
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf'; // %PDF-
  return undefined;
}

/** Images go to the admin chat with sendPhoto, PDFs with sendDocument. */
export const isImage = (type: AttachmentType): boolean => type !== 'pdf';
