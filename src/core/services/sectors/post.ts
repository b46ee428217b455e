// The Post port (Saudi Post / national address): each person's registered national address and
// shipments of documents to it, with tracking. Guarantees: creating a shipment is idempotent on the
// caller's reference; a shipment's events only move forward (created → in_transit →
// out_for_delivery → delivered); an outage is PostUnavailableError.

export interface NationalAddress {
  holderId: string;
  buildingNumber: string;
  streetAr: string;
  streetEn: string;
  districtAr: string;
  districtEn: string;
  cityAr: string;
  cityEn: string;
  postalCode: string;
  additionalNumber: string;
  /** The 8-character short address (4 letters, 4 digits). */
  shortAddress: string;
}

export type ShipmentStatus = 'created' | 'in_transit' | 'out_for_delivery' | 'delivered';

export interface ShipmentEvent {
  status: ShipmentStatus;
  at: Date;
}

export interface Shipment {
  trackingNumber: string;
  reference: string;
  recipientId: string;
  /** What is sent (a message id's last part, e.g. 'driving_licence'). */
  contents: string;
  address: NationalAddress;
  status: ShipmentStatus;
  events: ShipmentEvent[];
}

export type PostRefusalReason = 'no_address';

export class PostRefusal extends Error {
  readonly reason: PostRefusalReason;
  constructor(reason: PostRefusalReason) {
    super(`post refused: ${reason}`);
    this.name = 'PostRefusal';
    this.reason = reason;
  }
}

export class PostUnavailableError extends Error {
  constructor(message = 'The post system is unavailable') {
    super(message);
    this.name = 'PostUnavailableError';
  }
}

export interface PostSystem {
  nationalAddressOf(holderId: string): Promise<NationalAddress | null>;
  /** Sends `contents` to the recipient's national address; PostRefusal('no_address') when there is none. */
  createShipment(shipment: { reference: string; recipientId: string; contents: string }): Promise<Shipment>;
  shipment(trackingNumber: string): Promise<Shipment | null>;
}
